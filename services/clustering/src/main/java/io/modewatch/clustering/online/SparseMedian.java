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
        double[] values = new double[count + 1];
        double[] w = new double[count + 1];
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
            median[index] = (float) WeightedMedian.lowerInPlace(values, w, n);
        }
        return median;
    }
}
