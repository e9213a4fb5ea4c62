package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RuntimePorts;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ModeAlert;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The clusterer scaled out the way Kafka Streams scales: several instances of {@code modewatch run
 * clusterer} (their own OS processes and state directories, one standby replica of every task), a
 * third joining mid stream and one killed with SIGKILL and never restarted. Read with
 * read_committed, every continuation is assigned exactly once and nothing is dead-lettered; every
 * scope keeps clustering after its task moved; and a query for any scope answered by any live
 * instance (forwarded to the scope's owner) gives the owner's answer, and only to a caller with the
 * query token.
 */
class ClustererScalesOutAndSurvivesAnInstanceLossTest {

    private static final List<String> SCOPES = List.of("s-alpha", "s-beta", "s-gamma", "s-delta", "s-epsilon", "s-zeta");
    private static final int PER_SCOPE = 800;
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "it-" + java.util.UUID.randomUUID();

    @Test
    void threeInstancesWithAJoinAndAKillAssignEveryContinuationOnceAndAnswerQueriesForEveryScope() throws Exception {
        Path dir = Files.createTempDirectory("it-scale-out-");
        var options = new EmbeddedRuntime.Options(dir.resolve("runtime"), new RuntimePorts(0, 0, 0, 0), 6,
                SharedRuntime.registryHome(), Optional.empty(), Duration.ofSeconds(120));
        Map<String, ServiceProcess> instances = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(options, System.out::println)) {
            String bootstrap = runtime.bootstrapServers();
            List<ProducerRecord<byte[], byte[]>> halves = SyntheticHalves.of(runtime.registryUrl(), SCOPES, PER_SCOPE, 11);
            int total = SCOPES.size() * PER_SCOPE;
            var assignments = new CommittedTopicReader(bootstrap, ModewatchTopics.ASSIGNMENTS.name(), decoder(runtime, ClusterAssignment.class));
            var alerts = new CommittedTopicReader(bootstrap, ModewatchTopics.ALERTS.name(), decoder(runtime, ModeAlert.class));
            try (assignments; alerts) {
                start("a", runtime, dir, instances, ports);
                start("b", runtime, dir, instances, ports);
                Records.produce(bootstrap, null, halves.subList(0, halves.size() * 3 / 10));
                awaitAssigned(assignments, alerts, total * 3 / 10, instances);

                start("c", runtime, dir, instances, ports);
                Records.produce(bootstrap, null, halves.subList(halves.size() * 3 / 10, halves.size() * 6 / 10));
                awaitAssigned(assignments, alerts, total * 6 / 10, instances);

                instances.remove("b").kill();
                long killed = System.nanoTime();
                System.out.println("killed clusterer instance b");
                Records.produce(bootstrap, null, halves.subList(halves.size() * 6 / 10, halves.size()));
                awaitAssigned(assignments, alerts, total, instances);
                System.out.printf("all %d continuations assigned %.1f s after instance b was killed%n", total,
                        (System.nanoTime() - killed) / 1e9);
                for (int i = 0; i < 10; i++) {
                    assignments.poll();
                    alerts.poll();
                }

                assertThat(assignments.counts()).as("every continuation assigned").hasSize(total);
                assertThat(assignments.duplicates()).as("each exactly once").isEmpty();
                assertThat(alerts.duplicates()).as("no alert id twice").isEmpty();
                assertThat(Records.readAtLeast(bootstrap, ModewatchTopics.deadLetter("clusterer").name(), 1,
                        Duration.ofSeconds(2))).as("nothing dead-lettered").isEmpty();
                for (String scope : SCOPES) {
                    assertThat(assignments.counts()).as("the last continuations of %s assigned", scope)
                            .containsKey(scope + "-" + (PER_SCOPE - 1));
                }

                // Any live instance answers for any scope: the same clusters, whoever owns the scope.
                HttpClient http = HttpClient.newHttpClient();
                for (String scope : SCOPES) {
                    List<JsonNode> answers = new ArrayList<>();
                    for (String name : instances.keySet()) {
                        answers.add(awaitJson(http, ports.get(name), "/scopes/" + scope + "/clusters"));
                    }
                    assertThat(answers.get(0).path("clusters").size()).as("%s has clusters", scope).isPositive();
                    assertThat(answers).as("%s answered alike by every instance", scope).allMatch(a -> a.equals(answers.get(0)));
                }
                Set<String> listed = new TreeSet<>();
                awaitJson(http, ports.get("a"), "/scopes").forEach(s -> listed.add(s.asText()));
                assertThat(listed).as("every scope listed by one instance").containsAll(SCOPES);

                // The token guards the queries (instances forward it to each other), not health or metrics.
                String base = "http://127.0.0.1:" + ports.get("c");
                for (String bad : new String[] {null, "Bearer wrong", "Basic " + TOKEN}) {
                    var request = HttpRequest.newBuilder(URI.create(base + "/scopes/" + SCOPES.get(0) + "/clusters"));
                    if (bad != null) {
                        request.header("Authorization", bad);
                    }
                    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as("a query with Authorization %s", bad).isEqualTo(401);
                    assertThat(r.body()).doesNotContain(TOKEN).contains("MODEWATCH_QUERY_TOKEN");
                }
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                for (String name : instances.keySet()) {
                    assertThat(Files.readString(dir.resolve("clusterer-" + name + ".log"))).as("the token is never logged")
                            .doesNotContain(TOKEN);
                }
            }
        } finally {
            for (ServiceProcess p : instances.values()) {
                p.close();
            }
        }
    }

    private static void start(String name, EmbeddedRuntime runtime, Path dir, Map<String, ServiceProcess> instances,
                              Map<String, Integer> ports) {
        int port = FreePort.pick();
        ports.put(name, port);
        instances.put(name, ServiceProcess.start("clusterer", Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", runtime.bootstrapServers(),
                "MODEWATCH_REGISTRY_URL", runtime.registryUrl().toString(),
                "MODEWATCH_STATE_DIR", dir.resolve("clusterer-" + name).toString(),
                "MODEWATCH_HTTP_PORT", Integer.toString(port),
                "MODEWATCH_APPLICATION_SERVER", "127.0.0.1:" + port,
                // One warm copy of every task's state on another instance: a lost instance's scopes resume
                // there without restoring from the changelog.
                "KAFKA_NUM_STANDBY_REPLICAS", "1",
                // A dead member is noticed after 10 s instead of the default 45 s.
                "KAFKA_SESSION_TIMEOUT_MS", "10000",
                "MODEWATCH_QUERY_TOKEN", TOKEN), dir.resolve("clusterer-" + name + ".log")));
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> java.util.function.Function<byte[], String> decoder(
            EmbeddedRuntime runtime, Class<T> type) {
        var deserializer = new RegistryAvroSerdes(runtime.registryUrl()).valueSerde(type).deserializer();
        return bytes -> {
            T value = deserializer.deserialize("", bytes);
            return value instanceof ClusterAssignment a ? a.getContinuationId() : ((ModeAlert) value).getAlertId();
        };
    }

    private static void awaitAssigned(CommittedTopicReader assignments, CommittedTopicReader alerts, int count,
                                      Map<String, ServiceProcess> instances) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (assignments.counts().size() < count) {
            for (ServiceProcess p : instances.values()) {
                assertThat(p.alive()).as("instance running; %s", p.logTail()).isTrue();
            }
            assertThat(System.nanoTime()).as("%d of %d assigned in time", assignments.counts().size(), count)
                    .isLessThan(deadline);
            assignments.poll();
            alerts.poll();
        }
    }

    /** The JSON answer of one instance, retried while it is not RUNNING (503) or not yet listening. */
    private static JsonNode awaitJson(HttpClient http, int port, String path) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return JSON.readTree(r.body());
                }
                assertThat(r.statusCode()).as("GET %s on port %d: %s", path, port, r.body()).isIn(503);
            } catch (java.io.IOException e) {
                // Not listening yet.
            }
            assertThat(System.nanoTime()).as("GET %s on port %d answered in time", path, port).isLessThan(deadline);
            Thread.sleep(300);
        }
    }
}
