package io.modewatch.clustering.batch;

import java.util.Arrays;

/**
 * Points ready for clustering: unit semantic vectors, signatures already centred and scaled, and
 * the weights {@code P_n}. Rows are shared, not copied; callers must not mutate them afterwards.
 */
public record PointSet(double[] weights, double[][] semantic, double[][] signature) {

    public PointSet {
        if (weights.length != semantic.length || weights.length != signature.length) {
            throw new IllegalArgumentException("weights, semantic and signature rows differ in number");
        }
        if (weights.length == 0) {
            throw new IllegalArgumentException("no points");
        }
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and non-negative, got " + w);
            }
        }
        double total = Arrays.stream(weights).sum();
        if (!(total > 0)) {
            // The reference falls back to uniform weights when the total mass is not positive.
            weights = new double[weights.length];
            Arrays.fill(weights, 1.0);
        }
    }

    public int size() {
        return weights.length;
    }

    public int semanticDim() {
        return semantic[0].length;
    }

    public int signatureDim() {
        return signature[0].length;
    }

    public double totalWeight() {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        return total;
    }

    /** The subset at {@code rows}, in that order. */
    public PointSet subset(int[] rows) {
        double[] w = new double[rows.length];
        double[][] e = new double[rows.length][];
        double[][] a = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            w[i] = weights[rows[i]];
            e[i] = semantic[rows[i]];
            a[i] = signature[rows[i]];
        }
        return new PointSet(w, e, a);
    }
}
