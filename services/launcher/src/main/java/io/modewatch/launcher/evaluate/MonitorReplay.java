package io.modewatch.launcher.evaluate;

import io.modewatch.clustering.detect.DetectionResult;
import io.modewatch.clustering.detect.DetectionSettings;
import io.modewatch.clustering.detect.DetectorState;
import io.modewatch.clustering.detect.ModeAlert;
import io.modewatch.clustering.detect.ModeDetector;
import io.modewatch.clustering.online.Member;
import io.modewatch.clustering.online.Observation;
import io.modewatch.clustering.online.OnlineComponent;
import io.modewatch.clustering.online.OnlineRdClusterer;
import io.modewatch.clustering.online.OnlineSettings;
import io.modewatch.clustering.online.ScopeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one monitor (the online clusterer and detector the clusterer service runs, with the given
 * settings) over a scenario's continuations, and labels each alert with the ground truth most of
 * its mode's current members carry.
 */
final class MonitorReplay {

    /** @param raisedAt the scope's continuation count when the alert was raised */
    record RaisedAlert(String kind, long raisedAt, String label, int members, String detail) {
    }

    private MonitorReplay() {
    }

    static List<RaisedAlert> run(OnlineSettings online, DetectionSettings detection, ScenarioStream stream) {
        OnlineRdClusterer clusterer = new OnlineRdClusterer(online);
        ModeDetector detector = new ModeDetector(clusterer, detection);
        ScopeState scope = clusterer.newScope("door-code");
        DetectorState state = new DetectorState();
        Map<String, String> labels = new HashMap<>();
        Map<String, String> forms = new HashMap<>();
        List<RaisedAlert> alerts = new ArrayList<>();
        for (ScenarioStream.Event e : stream.events()) {
            labels.put(e.id(), e.label());
            forms.put(e.id(), e.form());
            PoolPrompt.PoolContinuation c = e.continuation();
            DetectionResult result = detector.observe(scope, state,
                    new Observation(e.id(), c.weight(), c.embedding(), c.signature(), c.text()));
            for (ModeAlert alert : result.alerts()) {
                alerts.add(label(scope, alert, labels, forms));
            }
        }
        return alerts;
    }

    private static String origin(ScopeState scope, ModeAlert alert) {
        OnlineComponent c = scope.component(alert.componentId());
        return c == null ? "?" : c.origin() + " (parent " + c.parentId() + ") ";
    }

    private static RaisedAlert label(ScopeState scope, ModeAlert alert, Map<String, String> labels,
                                     Map<String, String> forms) {
        Map<String, Integer> votes = new HashMap<>();
        Map<String, Integer> formVotes = new java.util.TreeMap<>();
        int members = 0;
        for (int id : alert.componentIds()) {
            OnlineComponent c = scope.component(id);
            if (c == null) {
                continue;
            }
            for (Member m : c.reservoir()) {
                votes.merge(labels.getOrDefault(m.id(), "?"), 1, Integer::sum);
                formVotes.merge(forms.getOrDefault(m.id(), "?"), 1, Integer::sum);
                members++;
            }
        }
        String label = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
        return new RaisedAlert(alert.kind().name(), alert.raisedAt(), label, members, String.format(
                "components %s, count %d, share %.3f, from known #%d: semantic %.4f (new beyond %.4f), mechanistic %.3f"
                        + " (new beyond %.3f)", alert.componentIds(), alert.count(), alert.arrivalShare(),
                alert.nearestReferenceId(), alert.semanticDistance(), alert.semanticThreshold(), alert.signatureDistance(),
                alert.signatureThreshold()) + ", lead " + origin(scope, alert) + "; members " + formVotes);
    }
}
