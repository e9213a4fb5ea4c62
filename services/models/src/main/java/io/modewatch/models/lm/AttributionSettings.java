package io.modewatch.models.lm;

/**
 * How signatures are computed.
 *
 * @param sources positions whose activation x gradient is summed
 * @param l2Normalise divide each signature by its L2 norm (before top-k)
 * @param topK keep the k units with the largest |attribution|; 0 or less keeps every unit
 * @param batchSize continuations per forward/backward pass
 * @param attentionHeads also attribute each attention head (head output x gradient): copying lives
 *     mostly in attention (DESIGN.md §4)
 */
public record AttributionSettings(SourcePositions sources, boolean l2Normalise, int topK, int batchSize,
        boolean attentionHeads) {

    /** MLP neurons only. */
    public AttributionSettings(SourcePositions sources, boolean l2Normalise, int topK, int batchSize) {
        this(sources, l2Normalise, topK, batchSize, false);
    }

    public AttributionSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
    }

    /**
     * Chosen by measurement on the world (docs/models.md): all source positions, MLP neurons plus
     * attention heads, L2-normalised, separated recall from copy best and most consistently across
     * trained seeds (held-out nearest-centroid accuracy 0.98 / 0.98 on the two seeds that learned it).
     */
    public static AttributionSettings defaults() {
        return new AttributionSettings(SourcePositions.ALL, true, 256, 16, true);
    }

    public AttributionSettings withSources(SourcePositions s) {
        return new AttributionSettings(s, l2Normalise, topK, batchSize, attentionHeads);
    }

    public AttributionSettings withTopK(int k) {
        return new AttributionSettings(sources, l2Normalise, k, batchSize, attentionHeads);
    }

    public AttributionSettings withL2Normalise(boolean normalise) {
        return new AttributionSettings(sources, normalise, topK, batchSize, attentionHeads);
    }

    public AttributionSettings withAttentionHeads(boolean heads) {
        return new AttributionSettings(sources, l2Normalise, topK, batchSize, heads);
    }
}
