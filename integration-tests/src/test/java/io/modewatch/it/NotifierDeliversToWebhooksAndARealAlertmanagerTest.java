package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.modewatch.common.loop.LoopService;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RuntimePorts;
import io.modewatch.notifier.NotifierApp;
import io.modewatch.notifier.NotifierConfig;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.DeadLetter;
import io.modewatch.schema.DriftKind;
import io.modewatch.schema.Exemplar;
import io.modewatch.schema.ModeAlert;
import io.modewatch.schema.NoveltyKind;
import io.modewatch.schema.TopUnit;
import io.modewatch.schema.ViewDistances;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The notifier as deployed: real broker and registry, a real Prometheus Alertmanager (Debian's
 * {@code prometheus-alertmanager}, routing to a webhook of this test), a generic webhook and a
 * Slack-style webhook. Every alert reaches every target once, a target that keeps failing sends the
 * alert to {@code notifier-dlq} with the reason while the others still get it, a duplicate alert id
 * does not page twice, and a restarted notifier does not deliver again what it delivered before.
 */
class NotifierDeliversToWebhooksAndARealAlertmanagerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SLACK_PATH = "/slack/T0/B0/do-not-log-this-token";

    private final Map<String, List<String>> received = new ConcurrentHashMap<>();

    @Test
    void everyTargetGetsEachAlertOnceAndAFailingTargetLeavesADeadLetter() throws Exception {
        Path alertmanagerBinary = Path.of("/usr/bin/prometheus-alertmanager");
        assumeTrue(Files.isExecutable(alertmanagerBinary),
                "prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager); .ci/run installs it");
        Path dir = Files.createTempDirectory("it-notifier-");
        HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        sink.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            received.computeIfAbsent(path, p -> Collections.synchronizedList(new ArrayList<>())).add(body);
            // The generic webhook refuses every alert of one scope, as a broken receiver would.
            int status = path.equals("/hook") && body.contains("\"scope\":\"refused-scope\"") ? 500 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        sink.start();
        String sinkUrl = "http://127.0.0.1:" + sink.getAddress().getPort();
        int amPort = FreePort.pick();
        Path amConfig = dir.resolve("alertmanager.yml");
        Files.writeString(amConfig, """
                route:
                  receiver: test
                  group_by: ['alert_id']
                  group_wait: 1s
                  group_interval: 1s
                  repeat_interval: 1h
                receivers:
                  - name: test
                    webhook_configs:
                      - url: %s/am-webhook
                        send_resolved: false
                """.formatted(sinkUrl));
        Process alertmanager = new ProcessBuilder(alertmanagerBinary.toString(), "--config.file=" + amConfig,
                "--storage.path=" + dir.resolve("am-data"), "--web.listen-address=127.0.0.1:" + amPort,
                "--cluster.listen-address=").redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        String amUrl = "http://127.0.0.1:" + amPort;
        var options = new EmbeddedRuntime.Options(dir.resolve("runtime"), new RuntimePorts(0, 0, 0, 0), 1,
                SharedRuntime.registryHome(), Optional.empty(), Duration.ofSeconds(120));
        LoopService<SpecificRecord, String, byte[]> notifier = null;
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(options, System.out::println)) {
            await("Alertmanager ready", () -> status(http, amUrl + "/-/ready") == 200);
            Map<String, String> env = new HashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", runtime.bootstrapServers());
            env.put("MODEWATCH_REGISTRY_URL", runtime.registryUrl().toString());
            env.put("MODEWATCH_HTTP_HOST", "127.0.0.1");
            env.put("MODEWATCH_HTTP_PORT", "0");
            env.put("MODEWATCH_STATE_DIR", dir.resolve("notifier").toString());
            env.put("MODEWATCH_WEBHOOK_URLS", sinkUrl + "/hook");
            env.put("MODEWATCH_WEBHOOK_TOKEN", "hook-secret");
            env.put("MODEWATCH_SLACK_WEBHOOK_URLS", sinkUrl + SLACK_PATH);
            env.put("MODEWATCH_ALERTMANAGER_URL", amUrl);
            env.put("MODEWATCH_LINK_BASE_URL", "http://clusterer.example:8090");
            env.put("MODEWATCH_DELIVERY_ATTEMPTS", "3");
            env.put("MODEWATCH_DELIVERY_BACKOFF", "100ms");
            env.put("MODEWATCH_DELIVERY_BACKOFF_MAX", "200ms");
            env.put("KAFKA_GROUP_INSTANCE_ID", "notifier-it");
            notifier = NotifierApp.start(NotifierConfig.from(env));
            LoopService<SpecificRecord, String, byte[]> running = notifier;
            await("notifier ready", running::ready);

            var serdes = new RegistryAvroSerdes(runtime.registryUrl());
            var alerts = serdes.valueSerde(ModeAlert.class).serializer();
            var drift = serdes.valueSerde(ClusterDriftEvent.class).serializer();
            String alertTopic = ModewatchTopics.ALERTS.name();
            String driftTopic = ModewatchTopics.DRIFT.name();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            records.add(record(alertTopic, "doors", alerts.serialize(alertTopic, alert("alert-a", "doors", NoveltyKind.MECHANISTIC))));
            records.add(record(alertTopic, "doors", alerts.serialize(alertTopic, alert("alert-a", "doors", NoveltyKind.MECHANISTIC))));
            records.add(record(alertTopic, "refused-scope", alerts.serialize(alertTopic, alert("alert-b", "refused-scope", NoveltyKind.SEMANTIC))));
            records.add(record(driftTopic, "doors", drift.serialize(driftTopic, drift(DriftKind.WINDOW_STATS))));
            records.add(record(driftTopic, "doors", drift.serialize(driftTopic, drift(DriftKind.MODE_VANISHED))));
            Records.produce(runtime.bootstrapServers(), null, records);

            await("Alertmanager's receiver notified of alert-a and alert-b", () -> count("/am-webhook", "alert-a") >= 1
                    && count("/am-webhook", "alert-b") >= 1);
            await("the dead letter of alert-b", () -> count("/hook", "alert-b") == 3);
            var letters = Records.readAtLeast(runtime.bootstrapServers(), "notifier-dlq", 1, Duration.ofSeconds(30));
            assertThat(letters).hasSize(1);
            DeadLetter letter = serdes.valueSerde(DeadLetter.class).deserializer().deserialize("notifier-dlq", letters.get(0).value());
            assertThat(letter.getStage()).hasToString("PROCESSING");
            assertThat(letter.getErrorMessage()).contains("alert-b").contains("refused-scope").contains("3 times")
                    .contains("HTTP 500").doesNotContain("do-not-log-this-token");

            assertThat(count("/hook", "alert-a")).as("the duplicate alert id pages once").isEqualTo(1);
            assertThat(count(SLACK_PATH, "refused-scope")).as("the other targets still got alert-b").isEqualTo(1);
            assertThat(received.get("/hook")).filteredOn(b -> b.contains("MODE_VANISHED")).hasSize(1);
            assertThat(received.get("/hook")).noneMatch(b -> b.contains("WINDOW_STATS"));
            JsonNode hookA = JSON.readTree(received.get("/hook").stream().filter(b -> b.contains("alert-a")).findFirst().orElseThrow());
            assertThat(hookA.path("kind").asText()).isEqualTo("MECHANISTIC");
            assertThat(hookA.path("link").asText()).isEqualTo("http://clusterer.example:8090/dashboard?scope=doors");
            assertThat(hookA.path("alerts_url").asText()).isEqualTo("http://clusterer.example:8090/scopes/doors/alerts");
            String slackA = JSON.readTree(received.get(SLACK_PATH).stream().filter(b -> b.contains("doors") && !b.contains("vanished"))
                    .findFirst().orElseThrow()).path("text").asText();
            assertThat(slackA).contains("MECHANISTIC").contains("doors").contains("8.0%").contains("L1.mlp.n4");

            // Alertmanager holds both as firing alerts, with the labels routes use.
            JsonNode firing = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(amUrl + "/api/v2/alerts")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            List<String> seen = new ArrayList<>();
            for (JsonNode a : firing) {
                JsonNode labels = a.path("labels");
                seen.add(labels.path("alert_id").asText() + " " + labels.path("scope").asText() + " " + labels.path("kind").asText()
                        + " " + labels.path("severity").asText() + " " + labels.path("alertname").asText());
            }
            assertThat(seen).contains("alert-a doors MECHANISTIC page ModewatchNewMode",
                    "alert-b refused-scope SEMANTIC page ModewatchNewMode");

            // Restarted, the notifier delivers only what is new.
            notifier.close();
            notifier = NotifierApp.start(NotifierConfig.from(env));
            LoopService<SpecificRecord, String, byte[]> restarted = notifier;
            await("notifier ready again", restarted::ready);
            Records.produce(runtime.bootstrapServers(), null, List.of(record(alertTopic, "doors",
                    alerts.serialize(alertTopic, alert("alert-c", "doors", NoveltyKind.BOTH)))));
            await("alert-c delivered", () -> count("/hook", "alert-c") == 1);
            Thread.sleep(1000);
            assertThat(count("/hook", "alert-a")).as("nothing delivered again after the restart").isEqualTo(1);
            assertThat(count(SLACK_PATH, "alert-b") + count(SLACK_PATH, "refused-scope")).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("alertmanager.log"))).doesNotContain("hook-secret");
        } finally {
            if (notifier != null) {
                notifier.close();
            }
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly();
            }
            sink.stop(0);
        }
    }

    private long count(String path, String needle) {
        return received.getOrDefault(path, List.of()).stream().filter(b -> b.contains(needle)).count();
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String scope, byte[] value) {
        return new ProducerRecord<>(topic, scope.getBytes(StandardCharsets.UTF_8), value);
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within 60 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static ModeAlert alert(String id, String scope, NoveltyKind kind) {
        Instant now = Instant.now();
        return ModeAlert.newBuilder().setAlertId(id).setScope(scope).setComponentId(7).setParentId(null).setNoveltyKind(kind)
                .setShare(0.08).setCount(40).setFirstSeen(now.minusSeconds(60)).setDetectedAt(now)
                .setExemplars(List.of(Exemplar.newBuilder().setContinuationId("c-" + id).setText("The note says 4417.").setWeight(0.5).build()))
                .setTopUnits(List.of(TopUnit.newBuilder().setUnitIndex(12).setUnitLabel("L1.mlp.n4").setAttribution(0.9).build()))
                .setNearestSemanticReferenceId(1).setNearestMechanisticReferenceId(2)
                .setReferenceDistances(new ViewDistances(0.01, 9.5)).setThresholds(new ViewDistances(0.2, 3.0))
                .setModelId("tiny-door-world").setModelVersion("1")
                .setSignatureSpaceId("mlp-neurons:L2xN8").setComponentIds(List.of(7L)).build();
    }

    private static ClusterDriftEvent drift(DriftKind kind) {
        Instant now = Instant.now();
        return ClusterDriftEvent.newBuilder().setScope("doors").setWindowStart(now.minusSeconds(600)).setWindowEnd(now)
                .setKind(kind).setK(3).setEntropy(1).setDE(0).setDA(0).setLRd(0).setBetaE(1).setBetaA(1).setTotalMass(10)
                .setWindowCount(100).setShares(List.of()).setComponentId(5L).build();
    }
}
