package io.modewatch.clustering;

/**
 * The two knobs of the rate-distortion objective {@code H(C) + beta_e D_e + beta_a D_a}.
 *
 * @param beta  granularity: more clusters as it grows
 * @param gamma semantic/mechanistic balance in [0, 1]: {@code beta_e = gamma * beta}, {@code beta_a = (1 - gamma) * beta}
 */
public record RdParameters(double beta, double gamma) {

    public RdParameters {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be positive and finite, got " + beta);
        }
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must lie in [0, 1], got " + gamma);
        }
    }

    public double betaE() {
        return gamma * beta;
    }

    /** {@code beta_e dE + beta_a dA}: the objective's weighted distortion, the one place it is written. */
    public double distortion(double dE, double dA) {
        return betaE() * dE + betaA() * dA;
    }

    public double betaA() {
        return (1 - gamma) * beta;
    }
}
