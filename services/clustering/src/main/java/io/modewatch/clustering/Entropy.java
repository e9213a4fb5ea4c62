package io.modewatch.clustering;

/** Natural-log entropies exactly as the reference code computes them (nats, tiny terms skipped). */
public final class Entropy {

    /** Shares at or below this contribute nothing, as in the reference code. */
    public static final double NEGLIGIBLE_SHARE = 1e-10;

    private Entropy() {
    }

    /** {@code -sum p ln p} of masses normalised by their total; masses need not sum to one. */
    public static double ofMasses(double[] masses) {
        double total = 0;
        for (double m : masses) {
            total += m;
        }
        if (!(total > 0)) {
            return 0;
        }
        double h = 0;
        for (double m : masses) {
            double p = m / total;
            if (p > NEGLIGIBLE_SHARE) {
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    /** Binary entropy, 0 at the numerical ends so that a one-sided split costs no rate. */
    public static double binary(double alpha) {
        if (alpha < NEGLIGIBLE_SHARE || alpha > 1 - NEGLIGIBLE_SHARE) {
            return 0;
        }
        return -alpha * Math.log(alpha) - (1 - alpha) * Math.log(1 - alpha);
    }

    /** The E-step's rate term; the epsilon keeps an empty component finite instead of infinite. */
    public static double rateOf(double share) {
        return -Math.log(share + 1e-10);
    }
}
