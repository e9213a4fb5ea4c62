package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.schema.ClusterAssignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The clusterer as a user runs it ({@code java -jar modewatch.jar run clusterer}, its own OS process,
 * default settings) is killed with SIGKILL twice: once while its scopes are still bootstrapping and
 * once after, each time restarted on the same state directory. Read with read_committed, every
 * continuation is assigned exactly once and nothing is dead-lettered: the restore after a crash
 * loads every scope (before the fix, a scope crashed during its bootstrap dead-lettered every later
 * event).
 */
class ClustererSurvivesKillNineTest {

    private static final int PER_SCOPE = 1_500;
    private static final List<String> SCOPES = List.of("doors", "faq");

    /**
     * @param groupInstanceId empty for the default settings; else static membership
     *                        ({@code KAFKA_GROUP_INSTANCE_ID}), which lets the restarted instance take its
     *                        partitions back at once instead of after the killed member's session expired
     */
    @ParameterizedTest(name = "group.instance.id=''{0}''")
    @ValueSource(strings = {"", "clusterer-0"})
    void killNineDuringAndAfterTheBootstrapLosesAndDuplicatesNothing(String groupInstanceId) throws Exception {
        Path dir = Files.createTempDirectory("it-kill-clusterer-");
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(SharedRuntime.options(dir.resolve("runtime")), System.out::println)) {
            Map<String, String> env = new HashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", runtime.bootstrapServers());
            env.put("MODEWATCH_REGISTRY_URL", runtime.registryUrl().toString());
            env.put("MODEWATCH_STATE_DIR", dir.resolve("clusterer-state").toString());
            env.put("MODEWATCH_HTTP_PORT", "0");
            if (!groupInstanceId.isEmpty()) {
                env.put("KAFKA_GROUP_INSTANCE_ID", groupInstanceId);
            }
            List<ProducerRecord<byte[], byte[]>> halves = SyntheticHalves.of(runtime.registryUrl(), SCOPES, PER_SCOPE, 3);
            int total = SCOPES.size() * PER_SCOPE;

            try (ServiceProcess clusterer = ServiceProcess.start("clusterer", env, dir.resolve("clusterer.log"))) {
                produce(runtime, halves, 0, halves.size() / 5);
                awaitAssignments(runtime, total / 10, clusterer);
                clusterer.kill();
                System.out.println("killed the clusterer during the bootstrap");

                produce(runtime, halves, halves.size() / 5, halves.size() * 3 / 5);
                clusterer.restart();
                awaitAssignments(runtime, total / 2, clusterer);
                clusterer.kill();
                System.out.println("killed the clusterer after the bootstrap");

                produce(runtime, halves, halves.size() * 3 / 5, halves.size());
                clusterer.restart();
                List<ClusterAssignment> assigned = awaitAssignments(runtime, total, clusterer);
                Map<String, Long> perContinuation = assigned.stream()
                        .collect(Collectors.groupingBy(ClusterAssignment::getContinuationId, Collectors.counting()));
                assertThat(perContinuation).as("every continuation assigned").hasSize(total);
                assertThat(perContinuation.values()).as("each exactly once").containsOnly(1L);
                assertThat(assigned.stream().filter(a -> a.getComponentId() >= 0).map(ClusterAssignment::getScope).distinct())
                        .as("both scopes cluster after the crashes").containsExactlyInAnyOrderElementsOf(SCOPES);
                assertThat(Records.readAtLeast(runtime.bootstrapServers(),
                        ModewatchTopics.deadLetter("clusterer").name(), 1, Duration.ofSeconds(3)))
                        .as("nothing dead-lettered").isEmpty();
            }
        }
    }

    private static List<ClusterAssignment> awaitAssignments(EmbeddedRuntime runtime, int count, ServiceProcess clusterer)
            throws Exception {
        var serde = new RegistryAvroSerdes(runtime.registryUrl()).valueSerde(ClusterAssignment.class);
        String topic = ModewatchTopics.ASSIGNMENTS.name();
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(120).toNanos();
        List<ClusterAssignment> assigned = List.of();
        while (System.nanoTime() < deadline) {
            assertThat(clusterer.alive()).as("the clusterer is running; %s", clusterer.logTail()).isTrue();
            assigned = Records.readAtLeast(runtime.bootstrapServers(), topic, count, Duration.ofSeconds(5)).stream()
                    .map(r -> serde.deserializer().deserialize(topic, r.value())).toList();
            if (assigned.size() >= count) {
                System.out.printf("%d assignments committed %.1f s after the clusterer (re)started%n", count,
                        (System.nanoTime() - started) / 1e9);
                return assigned;
            }
        }
        throw new AssertionError("only " + assigned.size() + " of " + count + " assignments within 120 s; "
                + clusterer.logTail());
    }

    private static void produce(EmbeddedRuntime runtime, List<ProducerRecord<byte[], byte[]>> halves, int from, int to) {
        Records.produce(runtime.bootstrapServers(), null, halves.subList(from, to));
    }
}
