package io.modewatch.launcher.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * What one monitor did on one scenario stream. An alert detects an injection only when most of its
 * members carry that injection's label and its kind is one the injection expects; every other alert
 * (on stationary traffic, on the wording shift, or of the wrong kind) is false.
 *
 * @param stationaryEvents continuations before the first onset
 */
record ScenarioScore(String scenario, long seed, String monitor, List<ModeScore> modes, int alerts, int falseAlerts,
                     List<String> falseAlertKinds, int stationaryEvents, int urgentMechanistic) {

    /**
     * @param delay     continuations of the scope between onset and the first right-kind alert; null when missed
     * @param alerts    alerts whose members are mostly this mode, of any kind
     */
    record ModeScore(String label, double share, int onset, List<String> kinds, Long delay, int alerts) {
        boolean detected() {
            return delay != null;
        }
    }

    static ScenarioScore of(ScenarioStream stream, String monitor, List<MonitorReplay.RaisedAlert> alerts) {
        Scenario scenario = stream.scenario();
        List<ModeScore> modes = new ArrayList<>();
        int falseAlerts = 0;
        int urgentMechanistic = 0;
        List<String> falseKinds = new ArrayList<>();
        for (MonitorReplay.RaisedAlert a : alerts) {
            Scenario.Injection injection = scenario.injections().stream()
                    .filter(i -> i.label().equals(a.label())).findFirst().orElse(null);
            if (injection == null || !injection.expectedKind().contains(a.kind())) {
                falseAlerts++;
                falseKinds.add(a.kind() + " on " + a.label() + " at " + a.raisedAt() + ": " + a.detail());
            }
            if (a.label().equals(Scenario.URGENT) && a.kind().equals("MECHANISTIC")) {
                urgentMechanistic++;
            }
        }
        for (Scenario.Injection injection : scenario.injections()) {
            if (!injection.expectsAlert()) {
                continue;
            }
            Integer onset = stream.onsets().get(injection.label());
            List<String> kinds = new ArrayList<>();
            Long delay = null;
            for (MonitorReplay.RaisedAlert a : alerts) {
                if (!a.label().equals(injection.label())) {
                    continue;
                }
                kinds.add(a.kind());
                if (delay == null && onset != null && injection.expectedKind().contains(a.kind())) {
                    delay = Math.max(0, a.raisedAt() - onset);
                }
            }
            modes.add(new ModeScore(injection.label(), injection.share(), onset == null ? -1 : onset, List.copyOf(kinds),
                    delay, kinds.size()));
        }
        return new ScenarioScore(scenario.name(), stream.seed(), monitor, List.copyOf(modes), alerts.size(), falseAlerts,
                List.copyOf(falseKinds), scenario.stationaryEvents(), urgentMechanistic);
    }
}
