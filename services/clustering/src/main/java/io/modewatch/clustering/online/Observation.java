package io.modewatch.clustering.online;

import io.modewatch.clustering.SparseSignature;

/**
 * One continuation as the online clusterer sees it.
 *
 * @param weight    {@code P_n} in (0, 1]; callers without one pass 1 (uniform weights)
 * @param semantic  the unit semantic embedding
 * @param signature the raw (uncentred) attribution signature
 * @param text      optional, kept with reservoir members for exemplars; may be null
 */
public record Observation(String id, double weight, float[] semantic, SparseSignature signature, String text) {

    public Observation {
        if (id == null) {
            throw new IllegalArgumentException("observation id is missing");
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be positive and finite, got " + weight);
        }
        for (float v : semantic) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("semantic embedding of " + id + " is not finite");
            }
        }
    }
}
