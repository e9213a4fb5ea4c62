package io.modewatch.clustering.batch;

import io.modewatch.clustering.Distances;
import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.WeightedMedian;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

/**
 * The reference code's split trial for one component: a cut along the first principal direction
 * of the beta-weighted joint space at the weighted median of the projections, then five rounds of
 * two-means under the joint cost. The power iteration keeps the reference's mix of {@code beta}
 * and {@code sqrt(beta)} scalings on purpose, so that the same data proposes the same cut.
 */
public final class SplitTrial {

    static final int POWER_STEPS = 20;
    static final double POWER_CONVERGED = 0.9999;
    static final int REFINEMENT_ROUNDS = 5;

    private final RdParameters parameters;
    private final long seed;

    /** @param seed seeds the power iteration's start vector; the same seed gives the same cut */
    public SplitTrial(RdParameters parameters, long seed) {
        this.parameters = parameters;
        this.seed = seed;
    }

    /** Proposes two children for the component made of {@code rows}, or nothing when no two non-empty halves exist. */
    public Optional<SplitProposal> propose(PointSet points, int[] rows) {
        if (rows.length < 2) {
            return Optional.empty();
        }
        double[] q = projections(points, rows);
        boolean[] second = initialHalves(points, rows, q);
        double[][] centroids = childCentroids(points, rows, second, false);
        boolean settled = false;
        for (int round = 0; round < REFINEMENT_ROUNDS && !settled; round++) {
            boolean[] next = assignToCheaperChild(points, rows, centroids);
            if (degenerate(points, rows, next)) {
                break; // keep the last valid centroids, as the reference does
            }
            // Same labels as the ones the (spherical) centroids came from: the remaining rounds
            // would recompute the same centroids, so stopping here changes nothing but the time.
            settled = round > 0 && Arrays.equals(next, second);
            second = next;
            if (!settled) {
                centroids = childCentroids(points, rows, second, true);
            }
        }
        boolean[] finalLabels = assignToCheaperChild(points, rows, centroids);
        if (degenerate(points, rows, finalLabels)) {
            return Optional.empty();
        }
        int[] firstRows = select(rows, finalLabels, false);
        int[] secondRows = select(rows, finalLabels, true);
        double w1 = Centroids.mass(points, firstRows);
        double w2 = Centroids.mass(points, secondRows);
        double[] var1 = Centroids.variances(points, firstRows, centroids[0], centroids[1]);
        double[] var2 = Centroids.variances(points, secondRows, centroids[2], centroids[3]);
        return Optional.of(new SplitProposal(firstRows, secondRows, centroids[0], centroids[1], centroids[2], centroids[3],
                w1 / (w1 + w2), var1[0], var1[1], var2[0], var2[1]));
    }

    /** Final projections {@code q_n = beta_e (e_n . v_e) + beta_a (a_n . v_a)} of the mean-centred points. */
    double[] projections(PointSet points, int[] rows) {
        double betaE = parameters.betaE();
        double betaA = parameters.betaA();
        double[] meanE = Centroids.semanticMean(points, rows, false);
        double[] meanA = Centroids.signatureMean(points, rows);
        int n = rows.length;
        double[][] ce = new double[n][];
        double[][] ca = new double[n][];
        for (int i = 0; i < n; i++) {
            ce[i] = minus(points.semantic()[rows[i]], meanE);
            ca[i] = minus(points.signature()[rows[i]], meanA);
        }
        double mass = Centroids.mass(points, rows);
        Random random = new Random(seed);
        double[] ve = new double[meanE.length];
        double[] va = new double[meanA.length];
        for (int j = 0; j < ve.length; j++) {
            ve[j] = random.nextGaussian();
        }
        for (int j = 0; j < va.length; j++) {
            va[j] = random.nextGaussian();
        }
        double startNorm = Math.sqrt(betaE * Distances.dot(ve, ve) + betaA * Distances.dot(va, va));
        scale(ve, 1 / startNorm);
        scale(va, 1 / startNorm);
        double[] q = new double[n];
        for (int step = 0; step < POWER_STEPS; step++) {
            project(ce, ca, ve, va, q);
            double[] ne = new double[ve.length];
            double[] na = new double[va.length];
            for (int i = 0; i < n; i++) {
                double c = points.weights()[rows[i]] / mass * q[i];
                axpy(Math.sqrt(betaE) * c, ce[i], ne);
                axpy(Math.sqrt(betaA) * c, ca[i], na);
            }
            double norm = Math.sqrt(Distances.dot(ne, ne) + Distances.dot(na, na));
            if (!(norm > 0)) {
                break; // every point sits on the mean: no direction to follow
            }
            scale(ne, 1 / norm);
            scale(na, 1 / norm);
            double cosine = Distances.dot(ve, ne) + Distances.dot(va, na);
            ve = ne;
            va = na;
            if (Math.abs(cosine) > POWER_CONVERGED) {
                break;
            }
        }
        project(ce, ca, ve, va, q);
        return q;
    }

    private void project(double[][] ce, double[][] ca, double[] ve, double[] va, double[] q) {
        for (int i = 0; i < q.length; i++) {
            q[i] = parameters.betaE() * Distances.dot(ce[i], ve) + parameters.betaA() * Distances.dot(ca[i], va);
        }
    }

    /** Label true ("second child") above the weighted median, with the reference's two fallbacks. */
    private static boolean[] initialHalves(PointSet points, int[] rows, double[] q) {
        int n = rows.length;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = points.weights()[rows[i]];
        }
        boolean[] labels = above(q, WeightedMedian.lower(q, w));
        if (oneSided(labels)) {
            double[] uniform = new double[n];
            Arrays.fill(uniform, 1.0);
            labels = above(q, WeightedMedian.lower(q, uniform));
        }
        if (oneSided(labels)) {
            for (int i = 0; i < n; i++) {
                labels[i] = i >= n / 2;
            }
        }
        return labels;
    }

    private static boolean[] above(double[] q, double threshold) {
        boolean[] labels = new boolean[q.length];
        for (int i = 0; i < q.length; i++) {
            labels[i] = q[i] > threshold;
        }
        return labels;
    }

    private static boolean oneSided(boolean[] labels) {
        boolean any = false, all = true;
        for (boolean b : labels) {
            any |= b;
            all &= b;
        }
        return !any || all;
    }

    /** {first e, first a, second e, second a}. */
    private static double[][] childCentroids(PointSet points, int[] rows, boolean[] second, boolean spherical) {
        int[] a = select(rows, second, false);
        int[] b = select(rows, second, true);
        return new double[][] {
            Centroids.semanticMean(points, a, spherical), Centroids.signatureMedian(points, a),
            Centroids.semanticMean(points, b, spherical), Centroids.signatureMedian(points, b)};
    }

    private boolean[] assignToCheaperChild(PointSet points, int[] rows, double[][] c) {
        boolean[] labels = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double[] e = points.semantic()[rows[i]];
            double[] a = points.signature()[rows[i]];
            double first = parameters.distortion(Distances.squaredL2(e, c[0]), Distances.l1(a, c[1]));
            double second = parameters.distortion(Distances.squaredL2(e, c[2]), Distances.l1(a, c[3]));
            labels[i] = second < first;
        }
        return labels;
    }

    private static boolean degenerate(PointSet points, int[] rows, boolean[] second) {
        double w1 = 0, w2 = 0;
        int n1 = 0, n2 = 0;
        for (int i = 0; i < rows.length; i++) {
            if (second[i]) {
                n2++;
                w2 += points.weights()[rows[i]];
            } else {
                n1++;
                w1 += points.weights()[rows[i]];
            }
        }
        return n1 == 0 || n2 == 0 || !(w1 > 0) || !(w2 > 0);
    }

    static int[] select(int[] rows, boolean[] labels, boolean wanted) {
        int count = 0;
        for (boolean b : labels) {
            if (b == wanted) {
                count++;
            }
        }
        int[] out = new int[count];
        int k = 0;
        for (int i = 0; i < rows.length; i++) {
            if (labels[i] == wanted) {
                out[k++] = rows[i];
            }
        }
        return out;
    }

    private static double[] minus(double[] x, double[] y) {
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = x[j] - y[j];
        }
        return out;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int j = 0; j < x.length; j++) {
            y[j] += a * x[j];
        }
    }

    private static void scale(double[] x, double a) {
        for (int j = 0; j < x.length; j++) {
            x[j] *= a;
        }
    }
}
