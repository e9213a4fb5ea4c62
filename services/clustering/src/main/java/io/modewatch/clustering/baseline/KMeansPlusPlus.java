package io.modewatch.clustering.baseline;

import io.modewatch.clustering.Distances;
import java.util.Random;

/**
 * Lloyd's k-means with k-means++ seeding and several restarts, the paper's one-view baselines
 * (n_init 10, max_iter 300, unweighted as in scikit-learn). Returns the restart of least inertia.
 */
public final class KMeansPlusPlus {

    private final int k;
    private final int restarts;
    private final int maxIterations;
    private final long seed;

    public KMeansPlusPlus(int k, long seed) {
        this(k, 10, 300, seed);
    }

    public KMeansPlusPlus(int k, int restarts, int maxIterations, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        this.k = k;
        this.restarts = restarts;
        this.maxIterations = maxIterations;
        this.seed = seed;
    }

    /** Labels in {@code 0..k-1} for each row. */
    public int[] cluster(double[][] x) {
        int effectiveK = Math.min(k, x.length);
        Random random = new Random(seed);
        int[] bestLabels = null;
        double bestInertia = Double.POSITIVE_INFINITY;
        for (int r = 0; r < restarts; r++) {
            double[][] centres = seed(x, effectiveK, random);
            int[] labels = new int[x.length];
            double inertia = lloyd(x, centres, labels);
            if (inertia < bestInertia) {
                bestInertia = inertia;
                bestLabels = labels;
            }
        }
        return bestLabels;
    }

    private static double[][] seed(double[][] x, int k, Random random) {
        int n = x.length;
        double[][] centres = new double[k][];
        centres[0] = x[random.nextInt(n)].clone();
        double[] nearest = new double[n];
        for (int i = 0; i < n; i++) {
            nearest[i] = Distances.squaredL2(x[i], centres[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : nearest) {
                total += d;
            }
            int pick = n - 1;
            if (total > 0) {
                double target = random.nextDouble() * total;
                double cumulative = 0;
                for (int i = 0; i < n; i++) {
                    cumulative += nearest[i];
                    if (cumulative >= target) {
                        pick = i;
                        break;
                    }
                }
            } else {
                pick = random.nextInt(n);
            }
            centres[c] = x[pick].clone();
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], Distances.squaredL2(x[i], centres[c]));
            }
        }
        return centres;
    }

    private double lloyd(double[][] x, double[][] centres, int[] labels) {
        int n = x.length;
        int d = x[0].length;
        double inertia = Double.POSITIVE_INFINITY;
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            boolean changed = iteration == 0;
            inertia = 0;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bestD = Double.POSITIVE_INFINITY;
                for (int c = 0; c < centres.length; c++) {
                    double dist = Distances.squaredL2(x[i], centres[c]);
                    if (dist < bestD) {
                        bestD = dist;
                        best = c;
                    }
                }
                changed |= labels[i] != best;
                labels[i] = best;
                inertia += bestD;
            }
            if (!changed) {
                break;
            }
            double[][] sums = new double[centres.length][d];
            int[] counts = new int[centres.length];
            for (int i = 0; i < n; i++) {
                counts[labels[i]]++;
                double[] s = sums[labels[i]];
                for (int j = 0; j < d; j++) {
                    s[j] += x[i][j];
                }
            }
            for (int c = 0; c < centres.length; c++) {
                if (counts[c] > 0) { // an empty cluster keeps its centre, so k stays fixed
                    for (int j = 0; j < d; j++) {
                        centres[c][j] = sums[c][j] / counts[c];
                    }
                }
            }
        }
        return inertia;
    }
}
