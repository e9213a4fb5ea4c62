package io.modewatch.clustering.baseline;

import io.modewatch.clustering.Distances;
import java.util.HashMap;
import java.util.Map;

/**
 * Mean Euclidean silhouette of a labelling in one view, and the paper's shifted harmonic mean of
 * the two views' silhouettes. Distances are precomputed once per view because a beta/gamma sweep
 * scores twenty labellings of the same points.
 */
public final class Silhouette {

    private Silhouette() {
    }

    public static double[][] distanceMatrix(double[][] x) {
        int n = x.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                d[i][j] = d[j][i] = Distances.euclidean(x[i], x[j]);
            }
        }
        return d;
    }

    /**
     * Mean silhouette; NaN when it is undefined (fewer than two or as many clusters as points).
     * A point alone in its cluster scores 0, as in scikit-learn.
     */
    public static double of(double[][] distances, int[] labels) {
        int n = labels.length;
        Map<Integer, Integer> index = new HashMap<>();
        for (int label : labels) {
            index.putIfAbsent(label, index.size());
        }
        int k = index.size();
        if (k < 2 || k >= n) {
            return Double.NaN;
        }
        int[] dense = new int[n];
        int[] sizes = new int[k];
        for (int i = 0; i < n; i++) {
            dense[i] = index.get(labels[i]);
            sizes[dense[i]]++;
        }
        double sum = 0;
        double[] toCluster = new double[k];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(toCluster, 0);
            for (int j = 0; j < n; j++) {
                toCluster[dense[j]] += distances[i][j];
            }
            int own = dense[i];
            if (sizes[own] == 1) {
                continue;
            }
            double a = toCluster[own] / (sizes[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own) {
                    b = Math.min(b, toCluster[c] / sizes[c]);
                }
            }
            sum += (b - a) / Math.max(a, b);
        }
        return sum / n;
    }

    /** {@code 2(s_e+1)(s_a+1)/((s_e+1)+(s_a+1)) - 1}: high only when both views agree. */
    public static double shiftedHarmonicMean(double semantic, double signature) {
        double x = semantic + 1;
        double y = signature + 1;
        return 2 * x * y / (x + y) - 1;
    }
}
