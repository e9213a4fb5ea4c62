package io.modewatch.clustering.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modewatch.clustering.baseline.KMeansPlusPlus;
import io.modewatch.clustering.baseline.Silhouette;
import org.junit.jupiter.api.Test;

class ClusteringAgreementTest {

    @Test
    void relabelledPartitionsAgreeCompletely() {
        int[] a = {0, 0, 1, 1, 2, 2};
        int[] b = {5, 5, 3, 3, 9, 9};
        assertThat(AdjustedRandIndex.of(a, b)).isEqualTo(1.0);
        assertThat(NormalizedMutualInformation.of(a, b)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aRefinementScoresAsScikitLearnDoes() {
        int[] a = {0, 0, 1, 1};
        int[] b = {0, 0, 1, 2};
        assertThat(AdjustedRandIndex.of(a, b)).isCloseTo(0.5714285714285715, within(1e-12));
        assertThat(NormalizedMutualInformation.of(a, b)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void jensenShannonIsZeroForEqualSharesAndLnTwoForDisjointOnes() {
        assertThat(JensenShannon.divergence(new double[] {0.5, 0.5}, new double[] {1, 1})).isCloseTo(0, within(1e-15));
        assertThat(JensenShannon.divergence(new double[] {1, 0}, new double[] {0, 1})).isCloseTo(Math.log(2), within(1e-15));
    }

    @Test
    void silhouetteOfTwoSeparatedPairsMatchesTheHandComputation() {
        double[][] x = {{0}, {1}, {10}, {11}};
        double s = Silhouette.of(Silhouette.distanceMatrix(x), new int[] {0, 0, 1, 1});
        assertThat(s).isCloseTo((9.5 / 10.5 + 8.5 / 9.5) / 2, within(1e-12));
        assertThat(Silhouette.of(Silhouette.distanceMatrix(x), new int[] {0, 0, 0, 0})).isNaN();
    }

    @Test
    void theShiftedHarmonicMeanIsHighOnlyWhenBothViewsAgree() {
        assertThat(Silhouette.shiftedHarmonicMean(0.5, 0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(Silhouette.shiftedHarmonicMean(0.9, -0.9)).isLessThan(0);
    }

    @Test
    void kMeansFindsTwoSeparatedGroups() {
        double[][] x = {{0, 0}, {0.1, 0}, {0, 0.1}, {10, 10}, {10.1, 10}, {10, 10.1}};
        int[] labels = new KMeansPlusPlus(2, 5).cluster(x);
        assertThat(AdjustedRandIndex.of(labels, new int[] {0, 0, 0, 1, 1, 1})).isEqualTo(1.0);
    }
}
