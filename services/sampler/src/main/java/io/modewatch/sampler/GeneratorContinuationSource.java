package io.modewatch.sampler;

import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.models.lm.Continuation;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.lm.GenerationSettings;
import io.modewatch.models.lm.Generator;
import io.modewatch.models.lm.Steering;
import java.util.Collections;
import java.util.List;

/**
 * Samples with the DJL decoder. One generate call per prompt, its samples as the rows of one batch:
 * the generator derives each row's random stream from the call's seed and the row index, so
 * batching several prompts together would make a prompt's samples depend on its neighbours in the
 * batch, and a replay that batches differently would sample different text.
 */
final class GeneratorContinuationSource implements ContinuationSource {

    private final DecoderLm lm;
    private final Generator generator;
    private final GenerationSettings settings;

    GeneratorContinuationSource(DecoderLm lm, GenerationSettings settings) {
        this.lm = lm;
        this.generator = new Generator(lm);
        this.settings = settings;
    }

    @Override
    public List<Continuation> sample(String prompt, int count, long seed) {
        int[] ids = lm.tokenizer().encode(prompt);
        if (ids.length == 0) {
            throw new InvalidRecordException("the prompt has no tokens under the model's tokenizer");
        }
        int context = lm.config().maxPositions();
        if (ids.length + settings.maxNewTokens() > context) {
            throw new InvalidRecordException("the prompt has " + ids.length + " tokens; with "
                    + settings.maxNewTokens() + " new tokens (MODEWATCH_MAX_NEW_TOKENS) that exceeds the model's context of "
                    + context + " positions");
        }
        return generator.generateIds(Collections.nCopies(count, ids), settings.withSeed(seed), Steering.none());
    }
}
