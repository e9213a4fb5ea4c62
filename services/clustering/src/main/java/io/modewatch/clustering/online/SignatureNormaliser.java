package io.modewatch.clustering.online;

import io.modewatch.clustering.SparseSignature;

/**
 * The scope's signature centring ({@code H_0}, kept sparse) and RMS scale, fitted once on the
 * bootstrap events and then frozen: moving them later would silently move every centroid and
 * variance that was computed in the old coordinates.
 */
public record SignatureNormaliser(SparseSignature centre, double scale) {

    public SparseSignature apply(SparseSignature raw) {
        return raw.centredAndScaled(centre, scale);
    }
}
