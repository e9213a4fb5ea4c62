package io.modewatch.clusterer;

import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.DeadLetterStage;

/**
 * What pairing the two halves of a continuation gives: both halves, or a half that cannot be
 * clustered (its partner never came within the window, it came too far apart, a later copy
 * replaced it, or the record was keyed wrongly) with the reason; neither half for a tombstone.
 *
 * @param problem null when the pair is complete
 * @param stage   VALIDATION when the record itself breaks a rule (a tombstone, a wrong key, a second
 *                copy), PROCESSING when only timing kept the halves apart; null when complete
 */
record JoinResult(ContinuationEmbedding embedding, ContinuationSignature signature, String problem, DeadLetterStage stage) {

    static JoinResult pair(ContinuationEmbedding embedding, ContinuationSignature signature) {
        return new JoinResult(embedding, signature, null, null);
    }

    boolean complete() {
        return problem == null && embedding != null && signature != null;
    }
}
