package io.modewatch.sampler;

import io.modewatch.common.loop.LoopService;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.schema.PromptEvent;
import io.modewatch.schema.SampledContinuation;

/** A sampler started with a model it loaded itself: closing stops the loop first, then frees the model. */
public record RunningSampler(LoopService<PromptEvent, String, SampledContinuation> loop, DecoderLm model)
        implements AutoCloseable {

    public boolean ready() {
        return loop.ready();
    }

    @Override
    public void close() {
        try {
            loop.close();
        } finally {
            model.close();
        }
    }
}
