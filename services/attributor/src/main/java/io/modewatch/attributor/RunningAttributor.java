package io.modewatch.attributor;

import io.modewatch.common.loop.LoopService;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.SampledContinuation;

/** An attributor started with a model it loaded itself: closing stops the loop first, then frees the model. */
public record RunningAttributor(LoopService<SampledContinuation, String, ContinuationSignature> loop, DecoderLm model)
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
