package io.modewatch.sampler;

import io.modewatch.models.lm.Continuation;
import java.util.List;

/**
 * The monitored model as the sampler sees it: {@code count} continuations of one prompt, row
 * {@code i} being sample {@code i}, reproducible from {@code seed}. An interface so the batch
 * function is tested without loading a model.
 */
interface ContinuationSource {

    /**
     * @throws io.modewatch.common.errors.InvalidRecordException when the prompt cannot be sampled by this
     *     model at all (no tokens, longer than the model's context)
     */
    List<Continuation> sample(String prompt, int count, long seed);
}
