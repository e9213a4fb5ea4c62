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
        double total = 0;
        int entries = 0;
        for (int i = 0; i < signatures.size(); i++) {
            total += weights[i];
            entries += signatures.get(i).nonZeros();
        }
        // Sort (index, owner, position) triples by index: index in the high bits keeps it one primitive sort.
        long[] keys = new long[entries];
        int k = 0;
        for (int i = 0; i < signatures.size(); i++) {
            int[] idx = signatures.get(i).indices();
            for (int p = 0; p < idx.length; p++) {
                keys[k++] = ((long) idx[p] << 40) | ((long) i << 20) | p;
            }
        }
        Arrays.sort(keys);
        float[] median = new float[dim];
        double[] values = new double[signatures.size() + 1];
        double[] w = new double[signatures.size() + 1];
        int start = 0;
        while (start < entries) {
            int index = (int) (keys[start] >>> 40);
            int end = start;
            int n = 0;
            double present = 0;
            while (end < entries && (int) (keys[end] >>> 40) == index) {
                int owner = (int) ((keys[end] >>> 20) & 0xFFFFF);
                int position = (int) (keys[end] & 0xFFFFF);
                values[n] = signatures.get(owner).values()[position];
                w[n] = weights[owner];
                present += weights[owner];
                n++;
                end++;
            }
            if (n < signatures.size()) {
                values[n] = 0;
                w[n] = Math.max(0, total - present);
                n++;
            }
            median[index] = (float) WeightedMedian.lowerInPlace(values, w, n);
            start = end;
        }
        return median;
    }
}
