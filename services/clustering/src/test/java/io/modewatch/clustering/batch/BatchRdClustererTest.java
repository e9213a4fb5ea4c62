package io.modewatch.clustering.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.baseline.KMeansPlusPlus;
import io.modewatch.clustering.bench.SyntheticWorld;
import io.modewatch.clustering.metrics.AdjustedRandIndex;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchRdClustererTest {

    private static List<SyntheticWorld.Labelled> points;
    private static PointSet pointSet;

    @BeforeAll
    static void world() {
        SyntheticWorld world = new SyntheticWorld(64, 512, 48, 7);
        points = world.mixture(SyntheticWorld.stationaryModes(), SyntheticWorld.stationaryShares(), 300, 1);
        pointSet = SyntheticWorld.pointSet(points);
    }

    @Test
    void theObjectiveOfTwoPointsInOneComponentMatchesTheHandComputation() {
        // e = (1,0), (0,1): the spherical mean is (1,1)/sqrt2, each point is 2 - sqrt2 away (squared L2).
        // a = 1, 3: the lower median is 1, so the L1 variance is (0 + 2) / 2 = 1.
        PointSet two = new PointSet(new double[] {1, 1}, new double[][] {{1, 0}, {0, 1}}, new double[][] {{1}, {3}});
        BatchResult r = new BatchRdClusterer(new RdParameters(0.1, 0.5), 42).cluster(two);
        assertThat(r.k()).isEqualTo(1);
        assertThat(r.rate()).isEqualTo(0.0);
        assertThat(r.distortionE()).isCloseTo(2 - Math.sqrt(2), within(1e-12));
        assertThat(r.distortionA()).isCloseTo(1.0, within(1e-12));
        assertThat(r.objective()).isCloseTo(0.05 * (2 - Math.sqrt(2)) + 0.05 * 1.0, within(1e-12));
    }

    @Test
    void twoFarApartPairsSplitAndTheObjectiveCountsTheRateInNats() {
        PointSet four = new PointSet(new double[] {1, 1, 1, 1},
                new double[][] {{1, 0}, {1, 0}, {0, 1}, {0, 1}}, new double[][] {{0}, {0}, {10}, {10}});
        BatchResult r = new BatchRdClusterer(new RdParameters(2, 0.5), 42).cluster(four);
        assertThat(r.k()).isEqualTo(2);
        assertThat(r.rate()).isCloseTo(Math.log(2), within(1e-12));
        assertThat(r.distortionE()).isCloseTo(0, within(1e-12));
        assertThat(r.objective()).isCloseTo(Math.log(2), within(1e-12));
        assertThat(AdjustedRandIndex.of(r.assignment(), new int[] {0, 0, 1, 1})).isEqualTo(1.0);
    }

    @Test
    void theSyntheticModesAreRecoveredExactly() {
        BatchResult r = new BatchRdClusterer(new RdParameters(5, 0.8), 42).cluster(pointSet);
        assertThat(r.k()).isEqualTo(5);
        assertThat(AdjustedRandIndex.of(r.assignment(), SyntheticWorld.labels(points))).isEqualTo(1.0);
        assertThat(r.converged()).isTrue();
    }

    @Test
    void kNeverShrinksAsBetaGrows() {
        int previous = 0;
        for (double beta : new double[] {0.2, 1, 3, 8}) {
            int k = new BatchRdClusterer(new RdParameters(beta, 0.8), 42).cluster(pointSet).k();
            assertThat(k).isGreaterThanOrEqualTo(previous);
            previous = k;
        }
        assertThat(previous).isGreaterThan(1);
    }

    @Test
    void gammaDecidesWhetherModesSeparatedOnlyInMeaningAreSplit() {
        int[] truth = SyntheticWorld.labels(points);
        // Modes 2 and 3 share their mechanism and differ only in meaning.
        int[] mechanistic = new BatchRdClusterer(new RdParameters(2, 0.3), 42).cluster(pointSet).assignment();
        int[] semantic = new BatchRdClusterer(new RdParameters(2, 0.9), 42).cluster(pointSet).assignment();
        assertThat(sameCluster(mechanistic, truth, 2, 3)).isTrue();
        assertThat(sameCluster(semantic, truth, 2, 3)).isFalse();
    }

    @Test
    void semanticOnlyKMeansMergesTheModesThatDifferOnlyInMechanismWhileRdSeparatesThem() {
        int[] truth = SyntheticWorld.labels(points);
        BatchResult rd = new BatchRdClusterer(new RdParameters(5, 0.8), 42).cluster(pointSet);
        int[] semanticKMeans = new KMeansPlusPlus(rd.k(), 42).cluster(pointSet.semantic());
        // Modes 0 and 1 share their meaning and differ only in mechanism: score each labelling on their points alone.
        int[] rows = java.util.stream.IntStream.range(0, truth.length).filter(i -> truth[i] <= 1).toArray();
        int[] pairTruth = java.util.Arrays.stream(rows).map(i -> truth[i]).toArray();
        assertThat(AdjustedRandIndex.of(java.util.Arrays.stream(rows).map(i -> rd.assignment()[i]).toArray(), pairTruth)).isEqualTo(1.0);
        assertThat(AdjustedRandIndex.of(java.util.Arrays.stream(rows).map(i -> semanticKMeans[i]).toArray(), pairTruth)).isLessThan(0.2);
    }

    @Test
    void theObjectiveNeverIncreasesFromOneIterationToTheNext() {
        BatchResult r = new BatchRdClusterer(new RdParameters(5, 0.8), 42).cluster(pointSet);
        for (int i = 1; i < r.trace().size(); i++) {
            assertThat(r.trace().get(i).objective()).isLessThanOrEqualTo(r.trace().get(i - 1).objective() + 1e-9);
        }
    }

    @Test
    void theSameSeedGivesTheSameClustering() {
        BatchResult a = new BatchRdClusterer(new RdParameters(5, 0.8), 3).cluster(pointSet);
        BatchResult b = new BatchRdClusterer(new RdParameters(5, 0.8), 3).cluster(pointSet);
        assertThat(a.assignment()).isEqualTo(b.assignment());
        assertThat(a.objective()).isEqualTo(b.objective());
    }

    private static boolean sameCluster(int[] assignment, int[] truth, int modeA, int modeB) {
        int ca = -1, cb = -1;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == modeA && ca < 0) {
                ca = assignment[i];
            }
            if (truth[i] == modeB && cb < 0) {
                cb = assignment[i];
            }
        }
        return ca == cb;
    }
}
