package io.modewatch.clustering.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.bench.SyntheticStream;
import io.modewatch.clustering.bench.SyntheticWorld;
import io.modewatch.clustering.online.OnlineRdClusterer;
import io.modewatch.clustering.online.OnlineSettings;
import io.modewatch.clustering.online.ScopeState;
import io.modewatch.clustering.online.ScopeStateCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModeDetectorTest {

    private static final long STATIONARY = 6_000;
    private static final long SPACING = 3_000;
    private static SyntheticStream stream;
    private static List<SyntheticWorld.Labelled> events;
    private static Run run;

    private record Run(List<ModeAlert> alerts, List<ModeVanished> vanished, List<DriftWindow> windows) {
    }

    @BeforeAll
    static void runTheTimeline() {
        stream = SyntheticStream.standard(new SyntheticWorld(64, 512, 48, 7), STATIONARY, SPACING);
        events = stream.events(STATIONARY + 5 * SPACING, 3);
        run = replay(events, 0, null);
    }

    private static ModeDetector detector() {
        return new ModeDetector(new OnlineRdClusterer(OnlineSettings.defaults(new RdParameters(5, 0.8))), DetectionSettings.defaults());
    }

    /** Runs the events from {@code from}; with {@code restoreAt} set, encodes and decodes both states there. */
    private static Run replay(List<SyntheticWorld.Labelled> events, int from, Integer restoreAt) {
        ModeDetector detector = detector();
        ScopeState scope = new OnlineRdClusterer(OnlineSettings.defaults(new RdParameters(5, 0.8))).newScope("door-codes");
        DetectorState state = new DetectorState();
        List<ModeAlert> alerts = new ArrayList<>();
        List<ModeVanished> vanished = new ArrayList<>();
        List<DriftWindow> windows = new ArrayList<>();
        for (int i = from; i < events.size(); i++) {
            if (restoreAt != null && i == restoreAt) {
                scope = ScopeStateCodec.decode(ScopeStateCodec.encode(scope));
                state = DetectorStateCodec.decode(DetectorStateCodec.encode(state));
            }
            DetectionResult r = detector.observe(scope, state, events.get(i).observation());
            alerts.addAll(r.alerts());
            vanished.addAll(r.vanished());
            r.window().ifPresent(windows::add);
        }
        return new Run(alerts, vanished, windows);
    }

    @Test
    void eachNewModeIsAlertedOnceAfterItsOnsetWithTheViewThatIsNew() {
        assertThat(run.alerts()).hasSize(3);
        for (int i = 0; i < 3; i++) {
            SyntheticStream.Onset onset = stream.onsets().get(i);
            ModeAlert alert = run.alerts().get(i);
            assertThat(alert.kind()).isEqualTo(onset.kind());
            assertThat(alert.raisedAt()).isGreaterThan(onset.onset()).isLessThan(onset.onset() + SPACING);
        }
    }

    @Test
    void theStationaryPeriodRaisesNoAlert() {
        assertThat(run.alerts()).allSatisfy(a -> assertThat(a.raisedAt()).isGreaterThan(STATIONARY));
    }

    @Test
    void theModeThatStopsIsReportedVanishedOnce() {
        assertThat(run.vanished()).hasSize(1);
        assertThat(run.vanished().get(0).atEvent()).isGreaterThan(stream.vanishAt());
    }

    @Test
    void driftWindowsMoveAwayFromTheReferenceWhenNewModesAppear() {
        DriftWindow beforeOnset = run.windows().stream().filter(w -> w.lastEvent() == STATIONARY).findFirst().orElseThrow();
        DriftWindow last = run.windows().get(run.windows().size() - 1);
        assertThat(beforeOnset.jensenShannon()).isLessThan(0.01);
        assertThat(last.jensenShannon()).isGreaterThan(beforeOnset.jensenShannon() * 5);
        assertThat(last.k()).isGreaterThan(beforeOnset.k());
        assertThat(last.objective()).isEqualTo(last.rate() + 4 * last.distortionE() + 1 * last.distortionA(),
                org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aReplayThroughARestoredStateRaisesTheSameAlertIds() {
        Run restored = replay(events, 0, (int) (STATIONARY + SPACING + 100));
        assertThat(restored.alerts()).extracting(ModeAlert::alertId).containsExactlyElementsOf(run.alerts().stream().map(ModeAlert::alertId).toList());
        assertThat(restored.vanished()).extracting(ModeVanished::eventId).containsExactlyElementsOf(run.vanished().stream().map(ModeVanished::eventId).toList());
    }
}
