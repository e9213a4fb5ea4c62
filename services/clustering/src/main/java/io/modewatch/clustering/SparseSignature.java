package io.modewatch.clustering;

import java.util.Arrays;

/**
 * An attribution signature as strictly increasing indices and their values; a dense signature is
 * the special case whose indices are {@code 0..dim-1}. Most units are silent for a given
 * continuation, and the L1 distortion against a dense centroid only needs the active ones.
 */
public record SparseSignature(int dim, int[] indices, float[] values) {

    public SparseSignature {
        if (indices.length != values.length) {
            throw new IllegalArgumentException("indices and values differ in length: " + indices.length + " vs " + values.length);
        }
        // One pass over both arrays: this runs for every event's centred signature too.
        int previous = -1;
        for (int n = 0; n < indices.length; n++) {
            int index = indices[n];
            if (index <= previous || index >= dim) {
                throw new IllegalArgumentException("indices must increase strictly within [0, " + dim + "), got " + index);
            }
            if (!Float.isFinite(values[n])) {
                throw new IllegalArgumentException("signature values must be finite");
            }
            previous = index;
        }
    }

    public static SparseSignature dense(float[] values) {
        int[] indices = new int[values.length];
        Arrays.setAll(indices, i -> i);
        return new SparseSignature(values.length, indices, values.clone());
    }

    public static SparseSignature fromDense(double[] values) {
        int nnz = 0;
        for (double v : values) {
            if (v != 0) {
                nnz++;
            }
        }
        int[] indices = new int[nnz];
        float[] vals = new float[nnz];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0) {
                indices[k] = i;
                vals[k++] = (float) values[i];
            }
        }
        return new SparseSignature(values.length, indices, vals);
    }

    /** The non-zero units of a dense float vector (a centroid, say). */
    public static SparseSignature fromDense(float[] values) {
        int[] indices = new int[values.length];
        int nnz = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != 0) {
                indices[nnz++] = i;
            }
        }
        float[] vals = new float[nnz];
        for (int k = 0; k < nnz; k++) {
            vals[k] = values[indices[k]];
        }
        return new SparseSignature(values.length, Arrays.copyOf(indices, nnz), vals);
    }

    public int nonZeros() {
        return indices.length;
    }

    public double[] toDense() {
        double[] out = new double[dim];
        for (int k = 0; k < indices.length; k++) {
            out[indices[k]] = values[k];
        }
        return out;
    }

    /**
     * {@code (this - centre) / scale} with the centre itself sparse, so the result stays sparse on
     * the union of both supports.
     */
    public SparseSignature centredAndScaled(SparseSignature centre, double scale) {
        // Runs once per event: the merge is split into a two-sided loop and one-sided tails (no
        // sentinel comparisons per unit), and arrays are only trimmed when supports overlap. An
        // empty centre (the median of mostly silent units) is common and needs no merge at all.
        // Multiplying by the reciprocal instead of dividing by the scale: a division per unit was
        // a seventh of the per-event update (the two differ by at most one unit in the last place
        // of the double, which rounding to float almost never shows).
        int[] a = indices;
        int[] b = centre.indices;
        float[] va = values;
        float[] vb = centre.values;
        double inverse = 1 / scale;
        if (b.length == 0) {
            float[] scaled = new float[va.length];
            for (int i = 0; i < va.length; i++) {
                scaled[i] = (float) (va[i] * inverse);
            }
            return new SparseSignature(dim, a.clone(), scaled);
        }
        int capacity = a.length + b.length;
        int[] outIdx = new int[capacity];
        float[] outVal = new float[capacity];
        int i = 0, j = 0, k = 0;
        while (i < a.length && j < b.length) {
            int ia = a[i];
            int ib = b[j];
            if (ia == ib) {
                outIdx[k] = ia;
                outVal[k++] = (float) (((double) va[i++] - vb[j++]) * inverse);
            } else if (ia < ib) {
                outIdx[k] = ia;
                outVal[k++] = (float) (va[i++] * inverse);
            } else {
                outIdx[k] = ib;
                outVal[k++] = (float) (-vb[j++] * inverse);
            }
        }
        for (; i < a.length; i++, k++) {
            outIdx[k] = a[i];
            outVal[k] = (float) (va[i] * inverse);
        }
        for (; j < b.length; j++, k++) {
            outIdx[k] = b[j];
            outVal[k] = (float) (-vb[j] * inverse);
        }
        return k == capacity ? new SparseSignature(dim, outIdx, outVal)
                : new SparseSignature(dim, Arrays.copyOf(outIdx, k), Arrays.copyOf(outVal, k));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SparseSignature s && s.dim == dim && Arrays.equals(s.indices, indices) && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dim + Arrays.hashCode(indices)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "SparseSignature[dim=" + dim + ", nnz=" + indices.length + "]";
    }
}
