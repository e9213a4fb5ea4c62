package io.modewatch.clusterer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.modewatch.clusterer.ClustererTopologyTest.Mode;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ModeAlert;
import io.modewatch.schema.NoveltyKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClustererMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ClustererTopologyTest topology = new ClustererTopologyTest();

    @BeforeEach
    void listen() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void stopListening() {
        Metrics.removeRegistry(registry);
        registry.close();
    }

    @Test
    void alertsComponentsCostAndLagAreExportedPerScopeAndGoWhenTheTaskCloses() {
        Mode a = Mode.of("a", 0, 0);
        Mode b = Mode.of("b", 3, 8);
        Mode semanticNew = Mode.of("refusal", 6, 0);
        Mode mechanisticNew = new Mode("copied", a.semantic(), Mode.of("x", 0, 12).signature());
        List<ModeAlert> alerts;
        List<ClusterAssignment> assignments;
        try (ClustererTopologyTest.Driver d = topology.new Driver(ClustererTopologyTest.config(Map.of()))) {
            for (int i = 0; i < 600; i++) {
                d.send("doors", i % 2 == 0 ? a : b);
                if (i % 3 == 0) {
                    d.send("faq", a);
                }
            }
            for (NoveltyKind kind : NoveltyKind.values()) {
                assertThat(count("doors", kind)).as("%s alerts before any new mode", kind).isZero();
            }
            for (int i = 0; i < 1200; i++) {
                d.send("doors", switch (i % 5) {
                    case 0 -> semanticNew;
                    case 1 -> mechanisticNew;
                    case 2 -> a;
                    default -> b;
                });
            }
            alerts = d.alerts.readValuesToList();
            assignments = d.assignments.readValuesToList();
            assertThat(alerts).isNotEmpty();
            for (NoveltyKind kind : NoveltyKind.values()) {
                assertThat(count("doors", kind)).as("%s alerts", kind)
                        .isEqualTo(alerts.stream().filter(x -> x.getNoveltyKind() == kind).count());
                assertThat(count("faq", kind)).isZero();
            }
            List<ClusterAssignment> doors = assignments.stream().filter(x -> x.getScope().equals("doors")).toList();
            var cost = registry.get("modewatch.assignment.cost").tag("scope", "doors").summary();
            assertThat(cost.count()).isEqualTo(doors.size());
            assertThat(cost.totalAmount()).isCloseTo(doors.stream().mapToDouble(ClusterAssignment::getCost).sum(),
                    org.assertj.core.data.Offset.offset(1e-6 * doors.size()));
            assertThat(gauge("modewatch.scope.events", "doors")).isEqualTo(1800);
            assertThat(gauge("modewatch.scope.events", "faq")).isEqualTo(200);
            assertThat(gauge("modewatch.scope.components", "doors")).isBetween(3.0, 64.0);
            assertThat(gauge("modewatch.scope.at.cap", "doors")).isZero();
            // Event times are in 1970 here: the lag is the whole wall clock since then.
            assertThat(gauge("modewatch.scope.event.lag.seconds", "doors")).isGreaterThan(1e9);
            assertThat(registry.get("modewatch.join.unmatched").tag("half", "embedding").counter().count()).isZero();
        }
        assertThat(registry.find("modewatch.scope.components").gauges()).as("the closed task's scopes are gone").isEmpty();
        assertThat(registry.find("modewatch.alerts").counters()).isEmpty();
    }

    @Test
    void aScopeAtItsComponentCapSaysSo() {
        Mode a = Mode.of("a", 0, 0);
        Mode b = Mode.of("b", 3, 8);
        try (ClustererTopologyTest.Driver d = topology.new Driver(ClustererTopologyTest.config(Map.of(
                "MODEWATCH_MAX_COMPONENTS", "2", "MODEWATCH_BOOTSTRAP_EVENTS", "100")))) {
            for (int i = 0; i < 300; i++) {
                d.send("doors", i % 2 == 0 ? a : b);
            }
            assertThat(gauge("modewatch.scope.components", "doors")).isEqualTo(2);
            assertThat(gauge("modewatch.scope.at.cap", "doors")).isEqualTo(1);
        }
    }

    private double count(String scope, NoveltyKind kind) {
        return registry.get("modewatch.alerts").tag("scope", scope).tag("kind", kind.name()).counter().count();
    }

    private double gauge(String name, String scope) {
        return registry.get(name).tag("scope", scope).gauge().value();
    }
}
