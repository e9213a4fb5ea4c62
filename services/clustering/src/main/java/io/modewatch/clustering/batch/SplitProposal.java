package io.modewatch.clustering.batch;

import io.modewatch.clustering.Entropy;
import io.modewatch.clustering.RdParameters;

/**
 * Two children proposed for one component, with everything the acceptance inequality needs.
 * Rows are indices into the point set the trial ran on.
 *
 * @param alpha the first child's mass share {@code W_1 / (W_1 + W_2)}
 */
public record SplitProposal(
        int[] firstRows, int[] secondRows,
        double[] firstSemantic, double[] firstSignature,
        double[] secondSemantic, double[] secondSignature,
        double alpha,
        double firstVarE, double firstVarA,
        double secondVarE, double secondVarA) {

    /** {@code beta_e dD_e + beta_a dD_a}: the weighted distortion the split removes. */
    public double distortionGain(RdParameters p, double parentShare, double parentVarE, double parentVarA) {
        double dE = parentShare * (parentVarE - alpha * firstVarE - (1 - alpha) * secondVarE);
        double dA = parentShare * (parentVarA - alpha * firstVarA - (1 - alpha) * secondVarA);
        return p.distortion(dE, dA);
    }

    /** {@code Pbar_c H_b(alpha)}: the rate the split adds. */
    public double rateCost(double parentShare) {
        return parentShare * Entropy.binary(alpha);
    }

    /** The paper's acceptance test; strict, so a split that exactly pays for itself is refused. */
    public boolean accepted(RdParameters p, double parentShare, double parentVarE, double parentVarA) {
        return distortionGain(p, parentShare, parentVarE, parentVarA) > rateCost(parentShare);
    }
}
