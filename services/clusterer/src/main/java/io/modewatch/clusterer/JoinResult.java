package io.modewatch.clusterer;

import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;

/** The outer join's output: both halves, or one half whose partner never came within the window. */
record JoinResult(ContinuationEmbedding embedding, ContinuationSignature signature) {

    boolean complete() {
        return embedding != null && signature != null;
    }
}
