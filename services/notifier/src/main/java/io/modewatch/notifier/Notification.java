package io.modewatch.notifier;

import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.DriftKind;
import io.modewatch.schema.ModeAlert;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the notifier tells people, from either of its inputs: a new mode ({@link ModeAlert}) or a
 * mode that vanished (a {@code MODE_VANISHED} drift event). One conversion here, at the boundary;
 * every target's payload is made from this.
 *
 * @param id         the alert id (a vanished mode: {@code vanished:<scope>:<component>:<window end>}); the dedup key
 * @param kind       SEMANTIC, MECHANISTIC, BOTH or MODE_VANISHED
 * @param exemplars  texts of the mode's exemplar continuations (may be empty: redacted or not forwarded)
 * @param topUnits   labels of the mode's top signature units, strongest first
 */
record Notification(String id, String scope, String kind, double share, long count, List<String> exemplars,
                    List<String> topUnits, Instant at, List<Long> componentIds) {

    static final String VANISHED = "MODE_VANISHED";

    static Notification of(ModeAlert a) {
        return new Notification(a.getAlertId(), a.getScope(), a.getNoveltyKind().name(), a.getShare(), a.getCount(),
                a.getExemplars().stream().map(e -> e.getText() == null ? "" : e.getText()).filter(t -> !t.isEmpty()).toList(),
                a.getTopUnits().stream().map(u -> u.getUnitLabel() != null ? u.getUnitLabel() : "unit " + u.getUnitIndex()).toList(),
                a.getDetectedAt(), List.copyOf(a.getComponentIds()));
    }

    /** A vanished mode's notification; other drift events are not for people. */
    static Optional<Notification> of(ClusterDriftEvent d) {
        if (d.getKind() != DriftKind.MODE_VANISHED) {
            return Optional.empty();
        }
        long component = d.getComponentId() == null ? -1 : d.getComponentId();
        return Optional.of(new Notification("vanished:" + d.getScope() + ":" + component + ":" + d.getWindowEnd().toEpochMilli(),
                d.getScope(), VANISHED, 0, 0, List.of(), List.of(), d.getWindowEnd(),
                component < 0 ? List.of() : List.of(component)));
    }

    boolean vanished() {
        return kind.equals(VANISHED);
    }
}
