package io.modewatch.clustering.metrics;

/** Hubert and Arabie's adjusted Rand index: 1 for identical partitions, about 0 for chance. */
public final class AdjustedRandIndex {

    private AdjustedRandIndex() {
    }

    public static double of(int[] a, int[] b) {
        ContingencyTable t = ContingencyTable.of(a, b);
        double index = 0;
        for (long[] row : t.counts()) {
            for (long c : row) {
                index += pairs(c);
            }
        }
        double rows = 0;
        for (long s : t.rowSums()) {
            rows += pairs(s);
        }
        double cols = 0;
        for (long s : t.columnSums()) {
            cols += pairs(s);
        }
        double expected = rows * cols / pairs(t.n());
        double max = (rows + cols) / 2;
        if (max == expected) {
            return 1.0; // both partitions trivial (one cluster each, or all singletons): they agree
        }
        return (index - expected) / (max - expected);
    }

    private static double pairs(long n) {
        return n * (n - 1) / 2.0;
    }
}
