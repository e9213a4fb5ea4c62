package io.modewatch.clustering;

/**
 * The objective's two distortions (squared L2 for meanings, L1 for mechanisms, never divided by
 * dimension) and the spherical normalisation of semantic centroids. Loops keep four independent
 * accumulators because JDK 17 does not vectorise a single-accumulator floating-point sum.
 */
public final class Distances {

    private Distances() {
    }

    public static double squaredL2(double[] x, double[] y) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = x.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double d0 = x[i] - y[i], d1 = x[i + 1] - y[i + 1], d2 = x[i + 2] - y[i + 2], d3 = x[i + 3] - y[i + 3];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < n; i++) {
            double d = x[i] - y[i];
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    public static double l1(double[] x, double[] y) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = x.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += Math.abs(x[i] - y[i]);
            s1 += Math.abs(x[i + 1] - y[i + 1]);
            s2 += Math.abs(x[i + 2] - y[i + 2]);
            s3 += Math.abs(x[i + 3] - y[i + 3]);
        }
        for (; i < n; i++) {
            s0 += Math.abs(x[i] - y[i]);
        }
        return (s0 + s1) + (s2 + s3);
    }

    public static double dot(double[] x, double[] y) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int n = x.length;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < n; i++) {
            s0 += x[i] * y[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Squared L2 between float vectors (stored centroids), accumulated in double. */
    public static double squaredL2(float[] x, float[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - y[i];
            s += d * d;
        }
        return s;
    }

    /** L1 between float vectors (stored centroids), accumulated in double. */
    public static double l1(float[] x, float[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.abs(x[i] - y[i]);
        }
        return s;
    }

    public static double euclidean(double[] x, double[] y) {
        return Math.sqrt(squaredL2(x, y));
    }

    /** Scales {@code v} to unit length in place; a zero vector stays zero rather than becoming NaN. */
    public static void normaliseInPlace(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
    }
}
