package io.modewatch.clustering.batch;

import io.modewatch.clustering.WeightedMedian;

/**
 * The paper's signature preprocessing: subtract the weighted coordinate-wise median {@code H_0},
 * then divide by one global RMS factor (an unweighted mean of squared norms). Centring by a median
 * rather than a mean keeps the L1 geometry's own notion of "typical"; the single scalar keeps the
 * relative size of units intact so the L1 distortion still reads in the units' own proportions.
 *
 * @param centre {@code H_0}
 * @param scale  the RMS divisor, or 1 when the RMS was too small to divide by
 */
public record SignatureCentring(double[] centre, double scale) {

    /** Below this RMS the reference skips scaling instead of amplifying noise. */
    public static final double MIN_SCALE = 1e-10;

    public static SignatureCentring fit(double[][] raw, double[] weights) {
        int n = raw.length;
        int d = raw[0].length;
        double[] w = weights.clone();
        double total = 0;
        for (double x : w) {
            total += x;
        }
        if (!(total > 0)) {
            java.util.Arrays.fill(w, 1.0);
        }
        double[] centre = new double[d];
        double[] column = new double[n];
        double[] scratchWeights = new double[n];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                column[i] = raw[i][j];
            }
            System.arraycopy(w, 0, scratchWeights, 0, n);
            centre[j] = WeightedMedian.lowerInPlace(column, scratchWeights, n);
        }
        double sumSquares = 0;
        for (double[] row : raw) {
            for (int j = 0; j < d; j++) {
                double v = row[j] - centre[j];
                sumSquares += v * v;
            }
        }
        double rms = Math.sqrt(sumSquares / n);
        return new SignatureCentring(centre, rms > MIN_SCALE ? rms : 1.0);
    }

    public double[] apply(double[] raw) {
        double[] out = new double[raw.length];
        for (int j = 0; j < raw.length; j++) {
            out[j] = (raw[j] - centre[j]) / scale;
        }
        return out;
    }

    public double[][] applyAll(double[][] raw) {
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = apply(raw[i]);
        }
        return out;
    }
}
