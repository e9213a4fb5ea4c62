package io.modewatch.clustering.online;

import io.modewatch.clustering.Distances;
import io.modewatch.clustering.SparseSignature;

/**
 * The two distortions in the online clusterer's float layout. The signature distance to a dense
 * centroid touches only the signature's active units: {@code ||x - mu||_1 = ||mu||_1 +
 * sum over active j of (|x_j - mu_j| - |mu_j|)}, which is what makes sparse signatures cheap.
 */
final class Distortions {

    private Distortions() {
    }

    /** Used by the structure passes only; the per-event path goes through {@link CentroidLayout}. */
    static double semantic(float[] e, float[] mu) {
        return Distances.squaredL2(e, mu);
    }

    static double signature(SparseSignature x, float[] mu, double muL1) {
        int[] idx = x.indices();
        float[] val = x.values();
        float s0 = 0, s1 = 0;
        int n = idx.length;
        int k = 0;
        for (; k + 1 < n; k += 2) {
            float m0 = mu[idx[k]], m1 = mu[idx[k + 1]];
            s0 += Math.abs(val[k] - m0) - Math.abs(m0);
            s1 += Math.abs(val[k + 1] - m1) - Math.abs(m1);
        }
        for (; k < n; k++) {
            float m = mu[idx[k]];
            s0 += Math.abs(val[k] - m) - Math.abs(m);
        }
        return Math.max(0, muL1 + s0 + s1);
    }

    /** L1 distance between two sparse signatures (merge of the two supports). */
    static double signature(SparseSignature x, SparseSignature y) {
        int[] a = x.indices();
        int[] b = y.indices();
        float[] va = x.values();
        float[] vb = y.values();
        double s = 0;
        int i = 0, j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                s += Math.abs(va[i++] - vb[j++]);
            } else if (a[i] < b[j]) {
                s += Math.abs(va[i++]);
            } else {
                s += Math.abs(vb[j++]);
            }
        }
        while (i < a.length) {
            s += Math.abs(va[i++]);
        }
        while (j < b.length) {
            s += Math.abs(vb[j++]);
        }
        return s;
    }
}
