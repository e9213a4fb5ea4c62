package io.modewatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.modewatch.common.config.Secret;
import io.modewatch.common.loop.Outcome;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.DriftKind;
import io.modewatch.schema.Exemplar;
import io.modewatch.schema.ModeAlert;
import io.modewatch.schema.NoveltyKind;
import io.modewatch.schema.TopUnit;
import io.modewatch.schema.ViewDistances;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotifyBatchFunctionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DETECTED = Instant.parse("2026-12-01T10:00:00Z");

    /** A local HTTP server: what each path received, and how many times it should fail first. */
    private final HttpServer server = start();
    private final Map<String, List<String>> bodies = new ConcurrentHashMap<>();
    private final Map<String, List<String>> authorizations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failFirst = new ConcurrentHashMap<>();
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    private HttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                bodies.computeIfAbsent(path, p -> Collections.synchronizedList(new ArrayList<>()))
                        .add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                authorizations.computeIfAbsent(path, p -> Collections.synchronizedList(new ArrayList<>())).add(auth == null ? "" : auth);
                AtomicInteger fails = failFirst.get(path);
                int status = fails != null && fails.getAndDecrement() > 0 ? 503 : 200;
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private NotifyBatchFunction function(int attempts) {
        return function(attempts, true);
    }

    private NotifyBatchFunction function(int attempts, boolean notifyVanished) {
        var policy = new HttpDelivery.Policy(attempts, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(5));
        return new NotifyBatchFunction(List.of(new HttpDelivery.Target(url("/hook"), Optional.of(new Secret("hook-token")))),
                List.of(new HttpDelivery.Target(url("/slack/T000/B000/secret-path"), Optional.empty())),
                Optional.of(new HttpDelivery.Target(url("/api/v2/alerts"), Optional.empty())),
                new NotificationPayloads(NotifierConfig.MESSAGE_TEMPLATE.defaultValue(), Optional.of(URI.create("http://clusterer:8090/")),
                        Duration.ofHours(1)),
                new HttpDelivery(policy, waits::add), notifyVanished);
    }

    static ModeAlert alert(String id) {
        return ModeAlert.newBuilder().setAlertId(id).setScope("door codes").setComponentId(7).setParentId(null)
                .setNoveltyKind(NoveltyKind.MECHANISTIC).setShare(0.083).setCount(41).setFirstSeen(DETECTED.minusSeconds(60))
                .setDetectedAt(DETECTED)
                .setExemplars(List.of(Exemplar.newBuilder().setContinuationId("c1").setText("The note says 4417.").setWeight(0.5).build()))
                .setTopUnits(List.of(TopUnit.newBuilder().setUnitIndex(12).setUnitLabel("L1.mlp.n4").setAttribution(0.9).build()))
                .setNearestSemanticReferenceId(1).setNearestMechanisticReferenceId(2)
                .setReferenceDistances(new ViewDistances(0.01, 9.5)).setThresholds(new ViewDistances(0.2, 3.0))
                .setModelId("tiny-door-world").setModelVersion("1")
                .setSignatureSpaceId("mlp-neurons:L2xN8").setComponentIds(List.of(7L, 9L)).build();
    }

    @Test
    void anAlertReachesEveryTargetInItsOwnShape() throws Exception {
        List<Outcome<String, byte[]>> out = function(3).apply(List.of(alert("a-1")));
        assertThat(out).singleElement().isInstanceOf(Outcome.Produced.class);

        JsonNode hook = JSON.readTree(bodies.get("/hook").get(0));
        assertThat(hook.path("alert_id").asText()).isEqualTo("a-1");
        assertThat(hook.path("scope").asText()).isEqualTo("door codes");
        assertThat(hook.path("kind").asText()).isEqualTo("MECHANISTIC");
        assertThat(hook.path("share").asDouble()).isEqualTo(0.083);
        assertThat(hook.path("exemplars").get(0).asText()).isEqualTo("The note says 4417.");
        assertThat(hook.path("top_units").get(0).asText()).isEqualTo("L1.mlp.n4");
        assertThat(hook.path("link").asText()).isEqualTo("http://clusterer:8090/dashboard?scope=door%20codes");
        assertThat(hook.path("alerts_url").asText()).isEqualTo("http://clusterer:8090/scopes/door%20codes/alerts");
        assertThat(authorizations.get("/hook")).containsExactly("Bearer hook-token");

        String slack = JSON.readTree(bodies.get("/slack/T000/B000/secret-path").get(0)).path("text").asText();
        assertThat(slack).contains("new MECHANISTIC continuation mode in scope door codes").contains("8.3% of its traffic")
                .contains("41 continuations").contains("\"The note says 4417.\"").contains("L1.mlp.n4")
                .contains("http://clusterer:8090/dashboard?scope=door%20codes");
        assertThat(authorizations.get("/slack/T000/B000/secret-path")).containsExactly("");

        JsonNode am = JSON.readTree(bodies.get("/api/v2/alerts").get(0)).get(0);
        assertThat(am.path("labels").path("alertname").asText()).isEqualTo("ModewatchNewMode");
        assertThat(am.path("labels").path("scope").asText()).isEqualTo("door codes");
        assertThat(am.path("labels").path("kind").asText()).isEqualTo("MECHANISTIC");
        assertThat(am.path("labels").path("severity").asText()).isEqualTo("page");
        assertThat(am.path("startsAt").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(am.path("endsAt").asText()).isEqualTo("2026-12-01T11:00:00Z");
        assertThat(am.path("annotations").path("summary").asText()).isEqualTo(slack);
        assertThat(waits).isEmpty();
    }

    @Test
    void aTargetThatFailsTwiceGetsTheAlertOnTheThirdTryAfterADoublingBackoff() throws Exception {
        failFirst.put("/hook", new AtomicInteger(2));
        assertThat(function(3).apply(List.of(alert("a-2")))).singleElement().isInstanceOf(Outcome.Produced.class);
        assertThat(bodies.get("/hook")).hasSize(3);
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void anAlertATargetKeepsRefusingIsDeadLetteredWithTheReasonWhileTheOtherTargetsGetIt() throws Exception {
        failFirst.put("/slack/T000/B000/secret-path", new AtomicInteger(100));
        List<Outcome<String, byte[]>> out = function(4).apply(List.of(alert("a-3")));
        assertThat(out).singleElement().isInstanceOf(Outcome.Failed.class);
        String reason = ((Outcome.Failed<String, byte[]>) out.get(0)).reason().getMessage();
        assertThat(reason).contains("a-3").contains("door codes").contains("127.0.0.1:" + server.getAddress().getPort())
                .contains("4 times").contains("HTTP 503").doesNotContain("secret-path");
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
        assertThat(bodies.get("/hook")).hasSize(1);
        assertThat(bodies.get("/api/v2/alerts")).hasSize(1);
    }

    @Test
    void aDeadLetteredAlertReplayedAfterItsTargetRecoversIsDelivered() throws Exception {
        NotifyBatchFunction f = function(2);
        failFirst.put("/hook", new AtomicInteger(2));
        assertThat(f.apply(List.of(alert("a-7")))).singleElement().isInstanceOf(Outcome.Failed.class);
        assertThat(f.apply(List.of(alert("a-7")))).singleElement().isInstanceOf(Outcome.Produced.class);
        assertThat(bodies.get("/hook")).hasSize(3);
    }

    @Test
    void anAlertIdDeliveredOnceIsNotDeliveredAgain() throws Exception {
        NotifyBatchFunction f = function(2);
        f.apply(List.of(alert("a-4"), alert("a-5")));
        f.apply(List.of(alert("a-4")));
        assertThat(bodies.get("/hook")).hasSize(2);
        assertThat(bodies.get("/api/v2/alerts")).hasSize(2);
    }

    @Test
    void aVanishedModeIsSentAndOtherDriftIsNot() throws Exception {
        ClusterDriftEvent window = drift(DriftKind.WINDOW_STATS);
        ClusterDriftEvent vanished = drift(DriftKind.MODE_VANISHED);
        List<SpecificRecord> inputs = List.of(window, vanished);
        assertThat(function(2).apply(inputs)).hasSize(2).allMatch(o -> o instanceof Outcome.Produced<String, byte[]> p
                && p.outputs().isEmpty());
        assertThat(bodies.get("/hook")).singleElement().satisfies(b -> assertThat(JSON.readTree(b).path("kind").asText())
                .isEqualTo("MODE_VANISHED"));
        JsonNode am = JSON.readTree(bodies.get("/api/v2/alerts").get(0)).get(0);
        assertThat(am.path("labels").path("alertname").asText()).isEqualTo("ModewatchModeVanished");
        assertThat(am.path("labels").path("severity").asText()).isEqualTo("info");
    }

    @Test
    void vanishedModesCanBeLeftOut() throws Exception {
        assertThat(function(2, false).apply(List.of(drift(DriftKind.MODE_VANISHED), alert("a-6")))).hasSize(2);
        assertThat(bodies.get("/hook")).singleElement().satisfies(b -> assertThat(b).contains("a-6"));
    }

    private static ClusterDriftEvent drift(DriftKind kind) {
        return ClusterDriftEvent.newBuilder().setScope("door codes").setWindowStart(DETECTED.minusSeconds(600))
                .setWindowEnd(DETECTED).setKind(kind).setK(3).setEntropy(1).setDE(0).setDA(0).setLRd(0).setBetaE(1)
                .setBetaA(1).setTotalMass(10).setWindowCount(100).setShares(List.of()).setComponentId(5L).build();
    }
}
