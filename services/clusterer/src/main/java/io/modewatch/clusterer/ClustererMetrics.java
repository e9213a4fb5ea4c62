package io.modewatch.clusterer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modewatch.schema.NoveltyKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clusterer's domain metrics, per scope, as {@code /metrics} exports them (Prometheus names):
 * <ul>
 *   <li>{@code modewatch_alerts_total{scope,kind}}: alerts raised, one series per novelty kind from 0;</li>
 *   <li>{@code modewatch_scope_components{scope}}: components (K) after the last event;</li>
 *   <li>{@code modewatch_scope_at_cap{scope}}: 1 while K is at MODEWATCH_MAX_COMPONENTS (a sign that beta
 *       is too large for the scope's data), else 0;</li>
 *   <li>{@code modewatch_assignment_cost{scope}}: summary of each continuation's assignment cost;</li>
 *   <li>{@code modewatch_scope_event_lag_seconds{scope}}: wall-clock time minus event time of the scope's
 *       last continuation when it was clustered;</li>
 *   <li>{@code modewatch_scope_events{scope}}: continuations the scope has seen.</li>
 * </ul>
 * A scope's series live on the instance whose task holds the scope and are removed when the task
 * moves away, so a scope is exported by one instance at a time.
 */
final class ClustererMetrics {

    private final MeterRegistry registry;
    private final int maxComponents;
    private final Map<String, ScopeMeters> scopes = new HashMap<>();

    ClustererMetrics(MeterRegistry registry, int maxComponents) {
        this.registry = registry;
        this.maxComponents = maxComponents;
    }

    /** After each event of a scope. */
    void observed(String scope, int components, long events, double cost, long eventTimestamp, long now) {
        ScopeMeters m = scopes.computeIfAbsent(scope, ScopeMeters::new);
        m.components.set(components);
        m.atCap.set(components >= maxComponents ? 1 : 0);
        m.events.set(events);
        m.lagMillis.set(Math.max(0, now - eventTimestamp));
        // A summary drops negative amounts; a pending assignment's rate, -log(1 + 1e-10), is one by rounding.
        m.cost.record(Math.max(0, cost));
    }

    void alerted(String scope, NoveltyKind kind) {
        scopes.computeIfAbsent(scope, ScopeMeters::new).alerts.get(kind).increment();
    }

    /** The task closed (rebalance, shutdown): its scopes' series go, the next owner exports them. */
    void forgetAll() {
        scopes.values().forEach(m -> m.meters.forEach(registry::remove));
        scopes.clear();
    }

    private final class ScopeMeters {
        final AtomicLong components = new AtomicLong();
        final AtomicLong atCap = new AtomicLong();
        final AtomicLong events = new AtomicLong();
        final AtomicLong lagMillis = new AtomicLong();
        final DistributionSummary cost;
        final Map<NoveltyKind, Counter> alerts = new EnumMap<>(NoveltyKind.class);
        final List<Meter> meters = new ArrayList<>();

        ScopeMeters(String scope) {
            meters.add(Gauge.builder("modewatch.scope.components", components, AtomicLong::get).tag("scope", scope)
                    .description("Components (K) of the scope after its last event").register(registry));
            meters.add(Gauge.builder("modewatch.scope.at.cap", atCap, AtomicLong::get).tag("scope", scope)
                    .description("1 while the scope's K is at MODEWATCH_MAX_COMPONENTS").register(registry));
            meters.add(Gauge.builder("modewatch.scope.events", events, AtomicLong::get).tag("scope", scope)
                    .description("Continuations the scope has seen").register(registry));
            meters.add(Gauge.builder("modewatch.scope.event.lag.seconds", lagMillis, v -> v.get() / 1000.0).tag("scope", scope)
                    .description("Wall-clock time minus event time of the scope's last continuation when it was clustered")
                    .register(registry));
            cost = DistributionSummary.builder("modewatch.assignment.cost").tag("scope", scope)
                    .description("Assignment cost (rate + weighted distortions) of each continuation").register(registry);
            meters.add(cost);
            for (NoveltyKind kind : NoveltyKind.values()) {
                Counter c = Counter.builder("modewatch.alerts").tag("scope", scope).tag("kind", kind.name())
                        .description("New-mode alerts raised").register(registry);
                alerts.put(kind, c);
                meters.add(c);
            }
        }
    }
}
