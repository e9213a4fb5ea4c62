package io.modewatch.clustering.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArrivalEvidenceTest {

    private static final double SHARE = 0.02;
    private static final double BACKGROUND = 0.002;

    @Test
    void evidenceGrowsWithEveryArrivalAndShrinksWithEveryOtherContinuation() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 1_000; trial++) {
            long events = 1 + random.nextInt(100_000);
            long count = random.nextInt((int) Math.min(events, 5_000));
            double now = ArrivalEvidence.logLikelihoodRatio(count, events, SHARE, BACKGROUND);
            assertThat(ArrivalEvidence.logLikelihoodRatio(count + 1, events + 1, SHARE, BACKGROUND)).isGreaterThan(now);
            assertThat(ArrivalEvidence.logLikelihoodRatio(count, events + 1, SHARE, BACKGROUND)).isLessThan(now);
        }
    }

    @Test
    void aModeAtFivePercentReachesTheDefaultEvidenceWithinAFewHundredContinuationsAndBackgroundNever() {
        double threshold = DetectionSettings.defaults().alertEvidence();
        assertThat(ArrivalEvidence.logLikelihoodRatio(15, 300, SHARE, BACKGROUND)).isGreaterThan(threshold);
        assertThat(ArrivalEvidence.logLikelihoodRatio(2, 1_000, SHARE, BACKGROUND)).isNegative();
        assertThat(ArrivalEvidence.logLikelihoodRatio(20, 100_000, SHARE, BACKGROUND)).isNegative();
    }
}
