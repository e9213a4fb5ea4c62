package io.modewatch.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplingPolicyTest {

    private static final long MINUTE = 60_000L;

    private static SamplingPolicy fraction(double f) {
        return new SamplingPolicy(f, 0, Duration.ofMinutes(5), 100);
    }

    private static SamplingPolicy budget(int perMinute) {
        return new SamplingPolicy(1.0, perMinute, Duration.ofMinutes(2), 100);
    }

    @Test
    void theSameStreamIsDecidedTheSameByEveryFreshDecider() {
        SamplingPolicy policy = new SamplingPolicy(0.5, 1, Duration.ofMinutes(5), 100);
        List<SamplingDecision> first = new ArrayList<>();
        List<SamplingDecision> second = new ArrayList<>();
        var a = policy.decider();
        var b = policy.decider();
        for (int i = 0; i < 200; i++) {
            String scope = "s" + (i % 3);
            first.add(a.decide("p-" + i, scope, i * 7_000L));
            second.add(b.decide("p-" + i, scope, i * 7_000L));
        }
        assertThat(first).isEqualTo(second).contains(SamplingDecision.SAMPLED, SamplingDecision.NOT_IN_FRACTION,
                SamplingDecision.OVER_BUDGET);
    }

    @Test
    void aFractionSamplesAboutThatShareOfPromptIds() {
        var decider = fraction(0.3).decider();
        int sampled = 0;
        for (int i = 0; i < 10_000; i++) {
            if (decider.decide("prompt-" + i, "s", 0) == SamplingDecision.SAMPLED) {
                sampled++;
            }
        }
        assertThat(sampled).isBetween(2_800, 3_200);
    }

    @Test
    void raisingTheFractionKeepsEveryPromptSampledBefore() {
        var low = fraction(0.2).decider();
        var high = fraction(0.6).decider();
        for (int i = 0; i < 2_000; i++) {
            if (low.decide("id-" + i, "s", 0) == SamplingDecision.SAMPLED) {
                assertThat(high.decide("id-" + i, "s", 0)).isEqualTo(SamplingDecision.SAMPLED);
            }
        }
    }

    @Test
    void fractionZeroSamplesNothingAndFractionOneSamplesEverything() {
        var none = fraction(0).decider();
        var all = fraction(1).decider();
        for (int i = 0; i < 500; i++) {
            assertThat(none.decide("x" + i, "s", 0)).isEqualTo(SamplingDecision.NOT_IN_FRACTION);
            assertThat(all.decide("x" + i, "s", 0)).isEqualTo(SamplingDecision.SAMPLED);
        }
    }

    @Test
    void aBudgetAdmitsAtMostThatManyPromptsPerScopeAndEventTimeMinute() {
        var decider = budget(3).decider();
        List<SamplingDecision> minute0 = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            minute0.add(decider.decide("a" + i, "faq", 10 * MINUTE + i * 1000));
        }
        assertThat(minute0).containsExactly(SamplingDecision.SAMPLED, SamplingDecision.SAMPLED, SamplingDecision.SAMPLED,
                SamplingDecision.OVER_BUDGET, SamplingDecision.OVER_BUDGET);
        assertThat(decider.decide("b0", "other-scope", 10 * MINUTE)).as("budgets are per scope")
                .isEqualTo(SamplingDecision.SAMPLED);
        assertThat(decider.decide("c0", "faq", 11 * MINUTE)).as("the next minute has a fresh budget")
                .isEqualTo(SamplingDecision.SAMPLED);
        assertThat(decider.decide("c1", "faq", 10 * MINUTE + 59_000)).as("a late prompt still counts in its own minute")
                .isEqualTo(SamplingDecision.OVER_BUDGET);
    }

    @Test
    void aPromptReadAgainAfterADiscardedBatchIsAdmittedAgainRatherThanChargedTwice() {
        var decider = budget(2).decider();
        assertThat(decider.decide("p1", "s", 0)).isEqualTo(SamplingDecision.SAMPLED);
        assertThat(decider.decide("p2", "s", 1)).isEqualTo(SamplingDecision.SAMPLED);
        // The batch holding p1 and p2 was discarded by a rebalance and is read again.
        assertThat(decider.decide("p1", "s", 0)).isEqualTo(SamplingDecision.SAMPLED);
        assertThat(decider.decide("p2", "s", 1)).isEqualTo(SamplingDecision.SAMPLED);
        assertThat(decider.decide("p3", "s", 2)).isEqualTo(SamplingDecision.OVER_BUDGET);
    }

    @Test
    void promptsOlderThanTheLatenessAllowanceAreSkippedWhenABudgetIsSet() {
        var decider = budget(10).decider();
        assertThat(decider.decide("new", "s", 100 * MINUTE)).isEqualTo(SamplingDecision.SAMPLED);
        assertThat(decider.decide("two-minutes-late", "s", 98 * MINUTE)).isEqualTo(SamplingDecision.SAMPLED);
        assertThat(decider.decide("three-minutes-late", "s", 97 * MINUTE))
                .isEqualTo(SamplingDecision.TOO_LATE_FOR_BUDGET);
    }

    @Test
    void theSeedDependsOnThePromptIdAndTheOperatorSeedOnly() {
        assertThat(PromptIdHash.seed("p-1", 0)).isEqualTo(PromptIdHash.seed("p-1", 0))
                .isNotEqualTo(PromptIdHash.seed("p-2", 0)).isNotEqualTo(PromptIdHash.seed("p-1", 1));
    }
}
