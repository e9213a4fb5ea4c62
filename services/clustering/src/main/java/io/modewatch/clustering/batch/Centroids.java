package io.modewatch.clustering.batch;

import io.modewatch.clustering.Distances;
import io.modewatch.clustering.WeightedMedian;

/** The M-step's two centroids over a subset of rows: spherical weighted mean and lower weighted median. */
public final class Centroids {

    private Centroids() {
    }

    /** Weighted mean of the semantic rows; normalised to unit length when {@code spherical}. */
    public static double[] semanticMean(PointSet points, int[] rows, boolean spherical) {
        double[] mean = weightedMean(points.semantic(), points.weights(), rows);
        if (spherical) {
            Distances.normaliseInPlace(mean);
        }
        return mean;
    }

    /** Weighted mean of the signature rows (the split direction centres with means even under L1). */
    public static double[] signatureMean(PointSet points, int[] rows) {
        return weightedMean(points.signature(), points.weights(), rows);
    }

    private static double[] weightedMean(double[][] vectors, double[] weights, int[] rows) {
        double[] mean = new double[vectors[0].length];
        double total = 0;
        for (int r : rows) {
            double w = weights[r];
            double[] v = vectors[r];
            for (int j = 0; j < mean.length; j++) {
                mean[j] += w * v[j];
            }
            total += w;
        }
        if (total > 0) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] /= total;
            }
        }
        return mean;
    }

    /** Coordinates gathered per pass: a block of every row fits in cache, so the gather reads rows sequentially. */
    private static final int BLOCK = 64;

    /** Coordinate-wise lower weighted median of the signature rows. */
    public static double[] signatureMedian(PointSet points, int[] rows) {
        int d = points.signatureDim();
        int n = rows.length;
        double[] median = new double[d];
        double[] block = new double[BLOCK * n];
        double[] values = new double[n];
        double[] weights = new double[n];
        for (int start = 0; start < d; start += BLOCK) {
            int width = Math.min(BLOCK, d - start);
            for (int i = 0; i < n; i++) {
                double[] row = points.signature()[rows[i]];
                for (int b = 0; b < width; b++) {
                    block[b * n + i] = row[start + b];
                }
            }
            for (int b = 0; b < width; b++) {
                if (sameBits(block, b * n, n)) {
                    // What the quickselect returns for a column of one value (most units are silent
                    // in most members), without it.
                    median[start + b] = block[b * n];
                    continue;
                }
                System.arraycopy(block, b * n, values, 0, n);
                for (int i = 0; i < n; i++) {
                    weights[i] = points.weights()[rows[i]];
                }
                median[start + b] = WeightedMedian.lowerInPlace(values, weights, n);
            }
        }
        return median;
    }

    private static boolean sameBits(double[] v, int from, int n) {
        if (n == 0) {
            return false;
        }
        long first = Double.doubleToRawLongBits(v[from]);
        for (int i = from + 1; i < from + n; i++) {
            if (Double.doubleToRawLongBits(v[i]) != first) {
                return false;
            }
        }
        return true;
    }

    public static double mass(PointSet points, int[] rows) {
        double total = 0;
        for (int r : rows) {
            total += points.weights()[r];
        }
        return total;
    }

    /** Weighted mean squared-L2 and L1 distortions of {@code rows} around the given centroids. */
    public static double[] variances(PointSet points, int[] rows, double[] muE, double[] muA) {
        double total = 0, sumE = 0, sumA = 0;
        for (int r : rows) {
            double w = points.weights()[r];
            total += w;
            sumE += w * Distances.squaredL2(points.semantic()[r], muE);
            sumA += w * Distances.l1(points.signature()[r], muA);
        }
        return total > 0 ? new double[] {sumE / total, sumA / total} : new double[] {0, 0};
    }
}
