package io.modewatch.launcher.evaluate;

import io.modewatch.clustering.SparseSignature;
import java.util.List;

/**
 * One prompt of the evaluation pool with the continuations the real pipeline computed for it:
 * sampled by the sampler's model and settings, embedded by the embedder's model, attributed by the
 * attributor's settings.
 *
 * @param variant the world's prompt variant (plain, distractor, admin, coincident, urgent)
 * @param door    the asked door
 */
record PoolPrompt(String variant, String door, List<PoolContinuation> continuations) {

    /**
     * @param mode   the world's ground-truth mode of the sampled text (recall, hedge, copy, refusal, other)
     * @param weight P_n as the sampler computes it
     */
    record PoolContinuation(String text, String mode, double weight, float[] embedding, SparseSignature signature) {
    }
}
