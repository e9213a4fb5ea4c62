package io.modewatch.clustering.metrics;

/** Mutual information normalised by the arithmetic mean of the two entropies (scikit-learn's default). */
public final class NormalizedMutualInformation {

    private NormalizedMutualInformation() {
    }

    public static double of(int[] a, int[] b) {
        ContingencyTable t = ContingencyTable.of(a, b);
        double n = t.n();
        double mi = 0;
        for (int r = 0; r < t.counts().length; r++) {
            for (int c = 0; c < t.counts()[r].length; c++) {
                long nij = t.counts()[r][c];
                if (nij > 0) {
                    mi += nij / n * Math.log(n * nij / ((double) t.rowSums()[r] * t.columnSums()[c]));
                }
            }
        }
        double ha = entropy(t.rowSums(), n);
        double hb = entropy(t.columnSums(), n);
        if (ha == 0 && hb == 0) {
            return 1.0;
        }
        double mean = (ha + hb) / 2;
        return mean > 0 ? Math.max(0, mi / mean) : 0;
    }

    private static double entropy(long[] sums, double n) {
        double h = 0;
        for (long s : sums) {
            if (s > 0) {
                h -= s / n * Math.log(s / n);
            }
        }
        return h;
    }
}
