package io.modewatch.embedder;

import io.modewatch.common.loop.LoopService;
import io.modewatch.models.embedding.SentenceEmbedder;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.SampledContinuation;

/** An embedder started with a model it loaded itself: closing stops the loop first, then frees the model. */
public record RunningEmbedder(LoopService<SampledContinuation, String, ContinuationEmbedding> loop,
                              SentenceEmbedder model) implements AutoCloseable {

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
