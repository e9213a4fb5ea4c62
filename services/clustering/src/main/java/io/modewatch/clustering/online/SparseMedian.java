package io.modewatch.clustering.online;

import io.modewatch.clustering.SparseSignature;
import io.modewatch.clustering.WeightedMedian;
import java.util.Arrays;
import java.util.List;

/**
 * Coordinate-wise lower weighted median of sparse signatures without densifying them: a
 * coordinate absent from a signature is a zero with that signature's weight, and a coordinate
 * absent from more than half the mass has median zero without being looked at.
 */
final class SparseMedian {

    private SparseMedian() {
    }

    static float[] of(List<SparseSignature> signatures, double[] weights, int dim) {
        int count = signatures.size();
        double total = 0;
        // Bucket the entries by unit (a counting sort: the units are bounded by dim), owners in
        // order within a unit, so each unit's values arrive in the order a sort by
        // (unit, owner, position) would give them.
        int[] bucketStart = new int[dim + 1];
        for (int i = 0; i < count; i++) {
            total += weights[i];
            for (int index : signatures.get(i).indices()) {
                bucketStart[index + 1]++;
            }
        }
        for (int j = 0; j < dim; j++) {
            bucketStart[j + 1] += bucketStart[j];
        }
        int entries = bucketStart[dim];
        int[] next = Arrays.copyOf(bucketStart, dim);
        float[] entryValue = new float[entries];
        int[] entryOwner = new int[entries];
        for (int i = 0; i < count; i++) {
            int[] idx = signatures.get(i).indices();
            float[] val = signatures.get(i).values();
            for (int p = 0; p < idx.length; p++) {
                int slot = next[idx[p]]++;
                entryValue[slot] = val[p];
                entryOwner[slot] = i;
            }
        }
        float[] median = new float[dim];
        float[] values = new float[count + 1];
        double[] w = new double[count + 1];
        long[] order = new long[count + 1];
        for (int index = 0; index < dim; index++) {
            int from = bucketStart[index];
            int to = bucketStart[index + 1];
            if (from == to) {
                continue;
            }
            int n = 0;
            double present = 0;
            for (int e = from; e < to; e++) {
                values[n] = entryValue[e];
                w[n] = weights[entryOwner[e]];
                present += w[n];
                n++;
            }
            if (n < count) {
                values[n] = 0;
                w[n] = Math.max(0, total - present);
                n++;
            }
            median[index] = lowerWeightedMedian(values, w, n, order);
        }
        return median;
    }

    /**
     * The first value, in ascending order, whose cumulative weight reaches half the total (the
     * rule of {@link WeightedMedian}), by sorting one long per value: the value's bits made
     * order-preserving as an int in the high half, its slot in the low half. At a reservoir's size
     * (tens of values) a primitive sort beats a quickselect that swaps two arrays; this runs once
     * per active unit per component in every structure pass.
     */
    private static float lowerWeightedMedian(float[] values, double[] weights, int n, long[] order) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += weights[i];
            int bits = Float.floatToRawIntBits(values[i]);
            order[i] = ((long) (bits ^ ((bits >> 31) & 0x7fffffff)) << 32) | i;
        }
        Arrays.sort(order, 0, n);
        double half = total / 2;
        double cumulative = 0;
        for (int k = 0; k < n; k++) {
            int i = (int) order[k];
            cumulative += weights[i];
            if (cumulative >= half) {
                return values[i];
            }
        }
        return values[(int) order[n - 1]]; // rounding left the half unreached: the largest, as WeightedMedian does
    }
}
