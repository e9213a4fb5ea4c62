package io.modewatch.clusterer;

import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;

/**
 * What pairing the two halves of a continuation gives: both halves, or a half that cannot be
 * clustered (its partner never came within the window, it came too far apart, a later copy
 * replaced it, or the record was keyed wrongly) with the reason; neither half for a tombstone.
 *
 * @param problem null when the pair is complete
 */
record JoinResult(ContinuationEmbedding embedding, ContinuationSignature signature, String problem) {

    static JoinResult pair(ContinuationEmbedding embedding, ContinuationSignature signature) {
        return new JoinResult(embedding, signature, null);
    }

    boolean complete() {
        return problem == null && embedding != null && signature != null;
    }
}
