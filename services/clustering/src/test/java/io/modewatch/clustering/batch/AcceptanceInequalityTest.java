package io.modewatch.clustering.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.clustering.Entropy;
import io.modewatch.clustering.RdParameters;
import org.junit.jupiter.api.Test;

class AcceptanceInequalityTest {

    private static final RdParameters P = new RdParameters(2, 0.5); // beta_e = beta_a = 1

    private static SplitProposal halves(double childVarE, double childVarA) {
        return new SplitProposal(new int[0], new int[0], null, null, null, null, 0.5, childVarE, childVarA, childVarE, childVarA);
    }

    /** beta_e = 1, beta_a = 0 exactly, so gain and rate are computed without rounding. */
    private static final RdParameters SEMANTIC_ONLY = new RdParameters(1, 1);

    @Test
    void aSplitThatExactlyPaysForItsRateIsRefused() {
        // Perfect children (variance 0) of a whole-scope parent whose variance is exactly H_b(1/2) = ln 2.
        SplitProposal exact = halves(0, 0);
        double parentVar = Entropy.binary(0.5);
        assertThat(exact.distortionGain(SEMANTIC_ONLY, 1.0, parentVar, 0)).isEqualTo(exact.rateCost(1.0));
        assertThat(exact.accepted(SEMANTIC_ONLY, 1.0, parentVar, 0)).isFalse();
    }

    @Test
    void aSplitThatSavesOneUlpMoreThanItsRateIsAccepted() {
        assertThat(halves(0, 0).accepted(SEMANTIC_ONLY, 1.0, Math.nextUp(Entropy.binary(0.5)), 0)).isTrue();
    }

    @Test
    void theRateOfASplitIsTheParentShareTimesTheBinaryEntropy() {
        SplitProposal p = new SplitProposal(new int[0], new int[0], null, null, null, null, 0.25, 0, 0, 0, 0);
        assertThat(p.rateCost(0.4)).isEqualTo(0.4 * Entropy.binary(0.25));
        assertThat(Entropy.binary(1e-11)).isZero();
    }

    @Test
    void aRemovalWhoseEntropySavingEqualsItsDistortionIsRefused() {
        assertThat(new RemovalProposal(0.3, 0.1, 0.2, new int[0]).accepted(P)).isFalse();
        assertThat(new RemovalProposal(0.3 + 1e-12, 0.1, 0.2, new int[0]).accepted(P)).isTrue();
    }
}
