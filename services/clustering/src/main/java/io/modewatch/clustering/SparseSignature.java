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
        int previous = -1;
        for (int index : indices) {
            if (index <= previous || index >= dim) {
                throw new IllegalArgumentException("indices must increase strictly within [0, " + dim + "), got " + index);
            }
            previous = index;
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("signature values must be finite");
            }
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
        int[] a = indices;
        int[] b = centre.indices;
        int[] outIdx = new int[a.length + b.length];
        float[] outVal = new float[a.length + b.length];
        int i = 0, j = 0, k = 0;
        while (i < a.length || j < b.length) {
            int ia = i < a.length ? a[i] : Integer.MAX_VALUE;
            int ib = j < b.length ? b[j] : Integer.MAX_VALUE;
            double v;
            int idx;
            if (ia == ib) {
                idx = ia;
                v = (double) values[i++] - centre.values[j++];
            } else if (ia < ib) {
                idx = ia;
                v = values[i++];
            } else {
                idx = ib;
                v = -centre.values[j++];
            }
            outIdx[k] = idx;
            outVal[k++] = (float) (v / scale);
        }
        return new SparseSignature(dim, Arrays.copyOf(outIdx, k), Arrays.copyOf(outVal, k));
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
