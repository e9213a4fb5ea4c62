package io.modewatch.launcher.demo;

import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.Exemplar;
import io.modewatch.schema.ModeAlert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Scores the alerts against the ground truth the traffic carried. Each injected mode (the
 * {@code new_mode} label of its prompts) has an onset: its first continuation in the scope's
 * assignment order. An alert is attributed to the label most of its exemplars carry; its position
 * is that of its most recent exemplar (the alert is raised right after it), so its delay is the
 * number of the scope's continuations between onset and that position.
 *
 * <p>An alert detects an injected mode only with the kind that mode expects (a refusal: SEMANTIC or
 * BOTH; the copy mode, whose text equals the recall: MECHANISTIC). Every other alert is false: one
 * on stationary prompt forms, one of the wrong kind, and one on the world's last-phase wording
 * ("urgent" questions, which the model answers by the same recall: a traffic shift, not a mode).
 */
final class DemoSummary {

    /** One row of the table: an injected mode and what fired for it. */
    record ModeRow(String scope, String injected, String expectedKind, long onsetPosition, List<String> alertKinds,
                   Long delayContinuations, int alertsOnMode) {
        boolean detected() {
            return delayContinuations != null;
        }
    }

    /**
     * @param stationaryAlerts alerts whose exemplars mostly come from the stationary stretch (must be zero)
     * @param newWordingAlerts alerts on the last phase's wording, already counted in {@code falseAlerts}
     * @param wrongKindAlerts  alerts on an injected mode with a kind it does not expect, already counted as false
     */
    record Result(String monitor, List<ModeRow> modes, int falseAlerts, int stationaryAlerts, int newWordingAlerts,
                  int wrongKindAlerts, int alerts) {
    }

    static final String NONE = "none";
    static final String LABEL = "new_mode";

    private DemoSummary() {
    }

    /** {@code alerts} as (kind, exemplar ids) so the same scoring serves the streaming and the replayed monitors. */
    record ScoredAlert(String scope, String kind, List<String> exemplarIds) {
        static ScoredAlert of(ModeAlert a) {
            return new ScoredAlert(a.getScope(), a.getNoveltyKind().name(),
                    a.getExemplars().stream().map(Exemplar::getContinuationId).toList());
        }
    }

    static Result score(String monitor, List<ClusterAssignment> assignments, List<ScoredAlert> alerts,
                        Function<String, ContinuationEmbedding> embeddings) {
        Map<String, Integer> position = new HashMap<>();
        Map<String, Map<String, Long>> onsets = new LinkedHashMap<>();
        Map<String, Integer> perScope = new HashMap<>();
        java.util.Set<String> stationaryForms = new java.util.HashSet<>();
        for (ClusterAssignment a : assignments) {
            ContinuationEmbedding e = embeddings.apply(a.getContinuationId());
            if (e != null && "stationary".equals(e.getAttributes().get("timeline_phase"))) {
                stationaryForms.add(e.getAttributes().getOrDefault("variant", "?"));
            }
        }
        Function<ContinuationEmbedding, String> labelOf = e -> label(e, stationaryForms);
        for (ClusterAssignment a : assignments) {
            int p = perScope.merge(a.getScope(), 1, Integer::sum);
            position.put(a.getContinuationId(), p);
            String label = labelOf.apply(embeddings.apply(a.getContinuationId()));
            if (!label.equals(NONE)) {
                onsets.computeIfAbsent(a.getScope(), s -> new LinkedHashMap<>()).putIfAbsent(label, (long) p);
            }
        }
        Map<String, List<String>> kindsByMode = new HashMap<>();
        Map<String, Long> firstDelay = new HashMap<>();
        int falseAlerts = 0;
        int stationaryAlerts = 0;
        int newWording = 0;
        int wrongKind = 0;
        for (ScoredAlert alert : alerts) {
            Map<String, Integer> votes = new HashMap<>();
            int last = 0;
            int stationary = 0;
            for (String id : alert.exemplarIds()) {
                ContinuationEmbedding e = embeddings.apply(id);
                votes.merge(labelOf.apply(e), 1, Integer::sum);
                last = Math.max(last, position.getOrDefault(id, 0));
                if (e != null && "stationary".equals(e.getAttributes().get("timeline_phase"))) {
                    stationary++;
                }
            }
            if (2 * stationary > alert.exemplarIds().size()) {
                stationaryAlerts++;
            }
            String label = votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(NONE);
            if (label.equals(NONE) || label.startsWith(PROMPT_FORM)) {
                falseAlerts++;
                newWording += label.startsWith(PROMPT_FORM) ? 1 : 0;
                continue;
            }
            String key = alert.scope() + "|" + label;
            kindsByMode.computeIfAbsent(key, k -> new ArrayList<>()).add(alert.kind());
            if (!expectedKinds(label).contains(alert.kind())) {
                falseAlerts++;
                wrongKind++;
                continue;
            }
            Long onset = onsets.getOrDefault(alert.scope(), Map.of()).get(label);
            if (onset != null) {
                firstDelay.merge(key, Math.max(0, last - onset), Math::min);
            }
        }
        List<ModeRow> rows = new ArrayList<>();
        onsets.forEach((scope, modes) -> modes.forEach((label, onset) -> {
            if (label.startsWith(PROMPT_FORM)) {
                return; // no mode to detect: alerts on it are false, counted above
            }
            String key = scope + "|" + label;
            List<String> kinds = kindsByMode.getOrDefault(key, List.of());
            rows.add(new ModeRow(scope, label, String.join("/", expectedKinds(label)), onset, kinds, firstDelay.get(key),
                    kinds.size()));
        }));
        return new Result(monitor, rows, falseAlerts, stationaryAlerts, newWording, wrongKind, alerts.size());
    }

    static final String PROMPT_FORM = "new-prompt-form:";

    /**
     * Labels look like {@code semantic:refusal} or {@code mechanistic:copy}. A semantic mode counts when
     * reported as SEMANTIC or BOTH (its text is new, and so may be its mechanism); a mechanistic one only
     * as MECHANISTIC (its text is known).
     */
    static List<String> expectedKinds(String label) {
        if (label.startsWith("semantic:")) {
            return List.of("SEMANTIC", "BOTH");
        }
        if (label.startsWith("mechanistic:")) {
            return List.of("MECHANISTIC");
        }
        return List.of();
    }

    private static String label(ContinuationEmbedding e, java.util.Set<String> stationaryForms) {
        if (e == null) {
            return NONE;
        }
        String injected = e.getAttributes().getOrDefault(LABEL, NONE);
        if (!injected.equals(NONE)) {
            return injected;
        }
        String form = e.getAttributes().getOrDefault("variant", "?");
        return stationaryForms.isEmpty() || stationaryForms.contains(form) ? NONE : PROMPT_FORM + form;
    }

    static String table(List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%-22s %-12s %-20s %-18s %-22s %s%n", "monitor", "scope", "injected mode", "expected",
                "alerts (kind)", "delay (continuations after onset, first alert of the expected kind)"));
        for (Result r : results) {
            for (ModeRow row : r.modes()) {
                out.append(String.format("%-22s %-12s %-20s %-18s %-22s %s%n", r.monitor(), row.scope(), row.injected(),
                        row.expectedKind(), row.alertKinds().isEmpty() ? "none" : String.join(",", row.alertKinds()),
                        row.detected() ? row.delayContinuations().toString() : "MISSED"));
            }
            out.append(String.format("%-22s false alerts: %d of %d alerts (%d on the stationary stretch, %d on the"
                            + " last phase's wording, %d of the wrong kind)%n", r.monitor(), r.falseAlerts(), r.alerts(),
                    r.stationaryAlerts(), r.newWordingAlerts(), r.wrongKindAlerts()));
        }
        return out.toString();
    }
}
