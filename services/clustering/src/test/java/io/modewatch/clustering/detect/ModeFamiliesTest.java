package io.modewatch.clustering.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.bench.SyntheticStream;
import io.modewatch.clustering.bench.SyntheticWorld;
import io.modewatch.clustering.online.OnlineRdClusterer;
import io.modewatch.clustering.online.OnlineSettings;
import io.modewatch.clustering.online.ScopeState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A new mechanism that shows up under four known meanings at once (a copy mechanism answering
 * every door) is one mode: the clustering gives it one component per meaning, the detector one
 * alert for all of them.
 */
class ModeFamiliesTest {

    private static final long ONSET = 3_000;

    @Test
    void aNewMechanismUnderFourKnownMeaningsRaisesOneMechanisticAlertSoonAfterOnset() {
        List<SyntheticStream.Onset> onsets = new ArrayList<>();
        for (int meaning = 0; meaning < 4; meaning++) {
            onsets.add(new SyntheticStream.Onset(10 + meaning, new SyntheticWorld.Mode(meaning, 6),
                    NoveltyKind.MECHANISTIC, ONSET, 0.025));
        }
        SyntheticStream stream = new SyntheticStream(new SyntheticWorld(64, 512, 48, 11), onsets, -1, Long.MAX_VALUE);
        var events = stream.events(ONSET + 6_000, 5);
        OnlineRdClusterer clusterer = new OnlineRdClusterer(OnlineSettings.defaults(new RdParameters(5, 0.8)));
        ModeDetector detector = new ModeDetector(clusterer, DetectionSettings.defaults());
        ScopeState scope = clusterer.newScope("doors");
        DetectorState state = new DetectorState();
        List<ModeAlert> alerts = new ArrayList<>();
        for (SyntheticWorld.Labelled e : events) {
            alerts.addAll(detector.observe(scope, state, e.observation()).alerts());
        }

        assertThat(alerts).hasSize(1);
        ModeAlert alert = alerts.get(0);
        assertThat(alert.kind()).isEqualTo(NoveltyKind.MECHANISTIC);
        assertThat(alert.raisedAt()).isBetween(ONSET, ONSET + 1_000);
        DetectorState.FamilyView family = state.families().stream().filter(DetectorState.FamilyView::alerted)
                .findFirst().orElseThrow();
        assertThat(family.componentIds()).as("the mode's components, one per meaning").hasSizeGreaterThanOrEqualTo(3);
        assertThat(state.families()).as("no other family reached the evidence").filteredOn(DetectorState.FamilyView::alerted)
                .hasSize(1);
    }
}
