package io.modewatch.clustering.metrics;

import java.util.HashMap;
import java.util.Map;

/** Counts of co-occurring labels of two labellings of the same items. */
record ContingencyTable(long[][] counts, long[] rowSums, long[] columnSums, long n) {

    static ContingencyTable of(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("labellings differ in length: " + a.length + " vs " + b.length);
        }
        Map<Integer, Integer> rows = new HashMap<>();
        Map<Integer, Integer> cols = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            rows.putIfAbsent(a[i], rows.size());
            cols.putIfAbsent(b[i], cols.size());
        }
        long[][] counts = new long[rows.size()][cols.size()];
        long[] rowSums = new long[rows.size()];
        long[] columnSums = new long[cols.size()];
        for (int i = 0; i < a.length; i++) {
            int r = rows.get(a[i]);
            int c = cols.get(b[i]);
            counts[r][c]++;
            rowSums[r]++;
            columnSums[c]++;
        }
        return new ContingencyTable(counts, rowSums, columnSums, a.length);
    }
}
