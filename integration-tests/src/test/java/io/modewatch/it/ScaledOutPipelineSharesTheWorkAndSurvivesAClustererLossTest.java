package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RuntimePorts;
import io.modewatch.models.world.DoorWorld;
import io.modewatch.models.world.TrafficEvent;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.SampledContinuation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline scaled out as the prod deployment runs it, every instance its own OS process
 * ({@code modewatch run <service>}) on 6 partitions: two samplers in one consumer group, the
 * embedder, the attributor and three clusterers with a standby replica of every task. Mid stream
 * the clusterer that owns a scope is killed with SIGKILL and never restarted. Both samplers share
 * the prompts; every continuation is embedded, attributed and assigned exactly once (read
 * committed), nothing is dead-lettered, and the two surviving clusterers answer every query alike,
 * one forwarding to the scope's new owner.
 */
class ScaledOutPipelineSharesTheWorkAndSurvivesAClustererLossTest {

    private static final int PROMPTS = 240;
    private static final Duration SPACING = Duration.ofMillis(100);
    private static final Duration BOUND = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoSamplersShareThePromptsAndAKilledClustererLosesNothing() throws Exception {
        Path dir = Files.createTempDirectory("it-scaled-pipeline-");
        var options = new EmbeddedRuntime.Options(dir.resolve("runtime"), new RuntimePorts(0, 0, 0, 0), 6,
                SharedRuntime.registryHome(), Optional.empty(), Duration.ofSeconds(120));
        Map<String, ServiceProcess> processes = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        HttpClient http = HttpClient.newHttpClient();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(options, System.out::println)) {
            String bootstrap = runtime.bootstrapServers();
            List<String> names = List.of("sampler-0", "sampler-1", "embedder-0", "attributor-0", "clusterer-0", "clusterer-1",
                    "clusterer-2");
            for (String name : names) {
                String service = name.substring(0, name.indexOf('-'));
                int port = FreePort.pick();
                ports.put(name, port);
                Map<String, String> env = new HashMap<>();
                env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
                env.put("MODEWATCH_REGISTRY_URL", runtime.registryUrl().toString());
                env.put("MODEWATCH_STATE_DIR", dir.resolve(name + "-state").toString());
                env.put("MODEWATCH_HTTP_HOST", "127.0.0.1");
                env.put("MODEWATCH_HTTP_PORT", Integer.toString(port));
                env.put("KAFKA_GROUP_INSTANCE_ID", name);
                if (service.equals("clusterer")) {
                    env.put("MODEWATCH_APPLICATION_SERVER", "127.0.0.1:" + port);
                    env.put("KAFKA_NUM_STANDBY_REPLICAS", "1");
                    // The group notices the killed instance after 10 s instead of Kafka's 45 (docs/operations.md).
                    env.put("KAFKA_SESSION_TIMEOUT_MS", "10000");
                }
                processes.put(name, ServiceProcess.start(service, env, dir.resolve(name + ".log")));
            }
            var serdes = new RegistryAvroSerdes(runtime.registryUrl());
            Map<String, String> scopeOf = new HashMap<>();
            try (var continuations = reader(bootstrap, serdes, ModewatchTopics.CONTINUATIONS.name(), SampledContinuation.class,
                        c -> {
                            scopeOf.put(c.getContinuationId().toString(), c.getScope().toString());
                            return c.getContinuationId();
                        });
                    var embeddings = reader(bootstrap, serdes, ModewatchTopics.EMBEDDINGS.name(), ContinuationEmbedding.class,
                            ContinuationEmbedding::getContinuationId);
                    var signatures = reader(bootstrap, serdes, ModewatchTopics.SIGNATURES.name(), ContinuationSignature.class,
                            ContinuationSignature::getContinuationId);
                    var assignments = reader(bootstrap, serdes, ModewatchTopics.ASSIGNMENTS.name(), ClusterAssignment.class,
                            ClusterAssignment::getContinuationId)) {
                List<CommittedTopicReader> all = List.of(continuations, embeddings, signatures, assignments);
                for (String name : names) {
                    awaitReady(http, name, ports.get(name), processes, all);
                }

                String victim = null;
                List<String> moved = List.of();
                try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all"),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
                    List<TrafficEvent> traffic = new DoorWorld(DoorWorld.DEFAULT_SEED).timeline(PROMPTS, 1_700_000_000_000L, 1000);
                    for (int i = 0; i < traffic.size(); i++) {
                        TrafficEvent e = traffic.get(i);
                        String id = "scaled-" + e.sequence();
                        String json = "{\"prompt_id\":\"" + id + "\",\"scope\":\"" + e.scope() + "\",\"prompt\":\""
                                + e.prompt().replace("\"", "\\\"") + "\",\"timestamp\":" + e.eventTimeMs() + "}";
                        producer.send(new ProducerRecord<>(ModewatchTopics.PROMPTS.name(), id.getBytes(StandardCharsets.UTF_8),
                                json.getBytes(StandardCharsets.UTF_8)));
                        Thread.sleep(SPACING.toMillis());
                        pollAll(all, processes);
                        // Half-way, once some scope is held: kill the clusterer that holds one.
                        if (victim == null && i >= PROMPTS / 2) {
                            for (String c : List.of("clusterer-0", "clusterer-1", "clusterer-2")) {
                                List<String> local = localScopes(http, ports.get(c));
                                if (!local.isEmpty()) {
                                    victim = c;
                                    moved = local;
                                    break;
                                }
                            }
                            if (victim != null) {
                                processes.get(victim).kill();
                                System.out.println("killed " + victim + " (it held " + moved + ") after " + (i + 1) + " prompts");
                            }
                        }
                    }
                    producer.flush();
                }
                assertThat(victim).as("a clusterer held a scope half-way and was killed").isNotNull();

                long deadline = System.nanoTime() + BOUND.toNanos();
                while (continuations.counts().size() < PROMPTS * 3
                        || !(embeddings.counts().keySet().containsAll(continuations.counts().keySet())
                        && signatures.counts().keySet().containsAll(continuations.counts().keySet())
                        && assignments.counts().keySet().containsAll(continuations.counts().keySet()))) {
                    assertThat(System.nanoTime()).as("every continuation embedded, attributed and assigned within %s; %d continuations,"
                            + " %d embeddings, %d signatures, %d assignments", BOUND, continuations.counts().size(),
                            embeddings.counts().size(), signatures.counts().size(), assignments.counts().size()).isLessThan(deadline);
                    pollAll(all, processes);
                }
                for (int i = 0; i < 10; i++) {
                    pollAll(all, processes);
                }
                for (CommittedTopicReader r : all) {
                    assertThat(r.duplicates()).as("nothing committed twice on %s", r.topic()).isEmpty();
                }
                assertThat(embeddings.counts().keySet()).isEqualTo(continuations.counts().keySet());
                assertThat(signatures.counts().keySet()).isEqualTo(continuations.counts().keySet());
                assertThat(assignments.counts().keySet()).isEqualTo(continuations.counts().keySet());
                for (String service : List.of("sampler", "embedder", "attributor", "clusterer")) {
                    assertThat(Records.readAtLeast(bootstrap, ModewatchTopics.deadLetter(service).name(), 1, Duration.ofSeconds(2)))
                            .as("nothing dead-lettered by the %s", service).isEmpty();
                }

                // Both samplers sampled: the prompts' partitions were shared in the group.
                long total = 0;
                for (String sampler : List.of("sampler-0", "sampler-1")) {
                    long made = metric(http, ports.get(sampler), "modewatch_sampler_continuations_total");
                    System.out.println(sampler + " made " + made + " continuations");
                    assertThat(made).as("continuations made by %s", sampler).isPositive();
                    total += made;
                }
                assertThat(total).as("the two samplers made them all").isGreaterThanOrEqualTo(continuations.counts().size());

                // The survivors answer for every scope alike; the moved scopes are served by their new owner.
                List<String> survivors = new ArrayList<>(List.of("clusterer-0", "clusterer-1", "clusterer-2"));
                survivors.remove(victim);
                JsonNode scopes = get(http, ports.get(survivors.get(0)), "/scopes");
                assertThat(get(http, ports.get(survivors.get(1)), "/scopes")).isEqualTo(scopes);
                List<String> scopeNames = new ArrayList<>();
                scopes.forEach(n -> scopeNames.add(n.asText()));
                assertThat(scopeNames).containsAll(moved);
                for (String scope : scopeNames) {
                    String path = "/scopes/" + scope + "/clusters";
                    JsonNode a = get(http, ports.get(survivors.get(0)), path);
                    assertThat(get(http, ports.get(survivors.get(1)), path)).as(path).isEqualTo(a);
                    assertThat(a.path("events").asLong()).as("%s clustered every one of its continuations", scope)
                            .isEqualTo(assignments.counts().keySet().stream().filter(id -> scope.equals(scopeOf.get(id))).count());
                }
            }
        } finally {
            for (ServiceProcess p : processes.values()) {
                p.close();
            }
        }
    }

    private static <T extends SpecificRecord> CommittedTopicReader reader(String bootstrap, RegistryAvroSerdes serdes, String topic,
                                                                         Class<T> type, Function<T, CharSequence> id) {
        var deserializer = serdes.valueSerde(type).deserializer();
        return new CommittedTopicReader(bootstrap, topic, bytes -> id.apply(deserializer.deserialize(topic, bytes)).toString());
    }

    private static void pollAll(List<CommittedTopicReader> readers, Map<String, ServiceProcess> processes) {
        readers.forEach(CommittedTopicReader::poll);
    }

    private static void awaitReady(HttpClient http, String name, int port, Map<String, ServiceProcess> processes,
                                   List<CommittedTopicReader> readers) throws InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            assertThat(processes.get(name).alive()).as("%s is running; %s", name, processes.get(name).logTail()).isTrue();
            assertThat(System.nanoTime()).as("%s ready within %s", name, BOUND).isLessThan(deadline);
            Thread.sleep(300);
            pollAll(readers, processes);
        }
    }

    private static List<String> localScopes(HttpClient http, int port) throws Exception {
        List<String> out = new ArrayList<>();
        get(http, port, "/scopes?local=true").forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s on port %d: %s", path, port, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static long metric(HttpClient http, int port, String name) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+]+)$").matcher(body);
        long sum = 0;
        boolean found = false;
        while (m.find()) {
            sum += (long) Double.parseDouble(m.group(1));
            found = true;
        }
        assertThat(found).as("%s on port %d", name, port).isTrue();
        return sum;
    }
}
