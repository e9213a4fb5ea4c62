package io.modewatch.clustering.online;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.bench.SyntheticWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** MODEWATCH_MAX_COMPONENTS bounds K from the bootstrap on, and a scope at its cap still opens a component for a new mode. */
class ComponentCapTest {

    private static final SyntheticWorld WORLD = new SyntheticWorld(64, 512, 48, 7);
    private static final int CAP = 4;

    @Test
    void aScopeHoldsToItsCapFromTheBootstrapOnAndStillMakesRoomForANewMode() {
        OnlineRdClusterer clusterer = new OnlineRdClusterer(OnlineSettings.defaults(new RdParameters(5, 0.8))
                .withBootstrapEvents(300).withMaxComponents(CAP));
        ScopeState scope = clusterer.newScope("capped");
        List<SyntheticWorld.Labelled> stationary = WORLD.mixture(SyntheticWorld.stationaryModes(),
                SyntheticWorld.stationaryShares(), 2_000, 3);
        for (SyntheticWorld.Labelled e : stationary) {
            clusterer.observe(scope, e.observation());
            if (scope.bootstrapped()) {
                assertThat(scope.k()).isLessThanOrEqualTo(CAP);
            }
        }
        assertThat(scope.k()).as("five stationary modes, four allowed").isEqualTo(CAP);

        SyntheticWorld.Mode fresh = new SyntheticWorld.Mode(5, 5);
        SplittableRandom random = new SplittableRandom(17);
        List<SyntheticWorld.Labelled> mixed = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            mixed.add(random.nextDouble() < 0.15 ? WORLD.sample(fresh, 9, "new-" + i, random)
                    : stationary.get(random.nextInt(stationary.size())));
        }
        boolean born = false;
        for (int i = 0; i < mixed.size(); i++) {
            SyntheticWorld.Labelled e = mixed.get(i);
            Observation o = e.mode() == 9 ? e.observation()
                    : new Observation("again-" + i, e.observation().weight(), e.observation().semantic(),
                    e.observation().signature(), null);
            born |= clusterer.observe(scope, o).changes().stream().anyMatch(c -> c.kind() == StructureChange.Kind.BIRTH);
            assertThat(scope.k()).isLessThanOrEqualTo(CAP);
        }
        assertThat(born).as("a birth at the cap").isTrue();
        OnlineComponent newest = scope.components().stream().filter(c -> c.reservoir().stream()
                .filter(m -> m.id().startsWith("new-")).count() * 2 > c.reservoir().size()).findFirst().orElse(null);
        assertThat(newest).as("a component held mostly by the new mode").isNotNull();
    }
}
