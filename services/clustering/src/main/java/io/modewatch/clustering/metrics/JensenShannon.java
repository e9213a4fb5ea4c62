package io.modewatch.clustering.metrics;

/** Jensen-Shannon divergence (nats) between two share vectors over the same bins; in [0, ln 2]. */
public final class JensenShannon {

    private JensenShannon() {
    }

    public static double divergence(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("share vectors differ in length");
        }
        double[] pn = normalised(p);
        double[] qn = normalised(q);
        double js = 0;
        for (int i = 0; i < pn.length; i++) {
            double m = (pn[i] + qn[i]) / 2;
            if (pn[i] > 0) {
                js += 0.5 * pn[i] * Math.log(pn[i] / m);
            }
            if (qn[i] > 0) {
                js += 0.5 * qn[i] * Math.log(qn[i] / m);
            }
        }
        return Math.max(0, js);
    }

    private static double[] normalised(double[] p) {
        double total = 0;
        for (double v : p) {
            total += v;
        }
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = total > 0 ? p[i] / total : 0;
        }
        return out;
    }
}
