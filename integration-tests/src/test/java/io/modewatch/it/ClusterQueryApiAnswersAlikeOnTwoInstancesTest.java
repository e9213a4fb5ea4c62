package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modewatch.clusterer.ClustererApp;
import io.modewatch.clusterer.ClustererConfig;
import io.modewatch.common.streams.StreamsService;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RuntimePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the clusterer's query API over HTTP, on two instances of one application that
 * split the scopes between them, against the real broker and registry: both instances give the
 * same answer for every scope (one of them forwarding to the owner), the 400/404/405/401 rules are
 * the same on every endpoint and on both instances, pages followed by their {@code Link} cover a
 * list exactly once, and {@code /openapi.json} is served without the token.
 */
class ClusterQueryApiAnswersAlikeOnTwoInstancesTest {

    private static final List<String> SCOPES = List.of("q-alpha", "q-beta", "q-gamma", "q-delta", "q-epsilon", "q-zeta");
    private static final int PER_SCOPE = 700;
    private static final String TOKEN = "it-query-" + java.util.UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyEndpointAnswersAlikeOnBothInstancesWithTheSameErrorRulesAndPages() throws Exception {
        Path dir = Files.createTempDirectory("it-query-api-");
        var options = new EmbeddedRuntime.Options(dir.resolve("runtime"), new RuntimePorts(0, 0, 0, 0), 3,
                SharedRuntime.registryHome(), Optional.empty(), Duration.ofSeconds(120));
        List<Integer> ports = List.of(FreePort.pick(), FreePort.pick());
        List<StreamsService> instances = new ArrayList<>();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(options, System.out::println)) {
            for (int i = 0; i < 2; i++) {
                Map<String, String> env = new HashMap<>();
                env.put("KAFKA_BOOTSTRAP_SERVERS", runtime.bootstrapServers());
                env.put("MODEWATCH_REGISTRY_URL", runtime.registryUrl().toString());
                env.put("MODEWATCH_STATE_DIR", dir.resolve("clusterer-" + i).toString());
                env.put("MODEWATCH_HTTP_HOST", "127.0.0.1");
                env.put("MODEWATCH_HTTP_PORT", Integer.toString(ports.get(i)));
                env.put("MODEWATCH_APPLICATION_SERVER", "127.0.0.1:" + ports.get(i));
                env.put("MODEWATCH_QUERY_TOKEN", TOKEN);
                // Short drift windows, so that every scope has a list long enough to page through.
                env.put("MODEWATCH_WINDOW_EVENTS", "40");
                instances.add(ClustererApp.start(ClustererConfig.from(env)));
            }
            awaitRunning(instances);
            Records.produce(runtime.bootstrapServers(), null, SyntheticHalves.of(runtime.registryUrl(), SCOPES, PER_SCOPE, 5));
            for (String scope : SCOPES) {
                awaitEvents(ports.get(0), scope);
            }

            // GET /scopes: the same names everywhere, from both instances' stores.
            for (int port : ports) {
                HttpResponse<String> r = get(port, "/scopes");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(names(JSON.readTree(r.body()))).containsExactlyElementsOf(SCOPES.stream().sorted().toList());
                assertThat(r.headers().firstValue("X-Total-Count")).contains("6");
            }

            // Each scope's three resources: the same body on both instances; one of the two forwards.
            int forwarded = 0;
            for (String scope : SCOPES) {
                for (String resource : List.of("clusters", "alerts", "drift")) {
                    String path = "/scopes/" + scope + "/" + resource;
                    HttpResponse<String> a = get(ports.get(0), path);
                    HttpResponse<String> b = get(ports.get(1), path);
                    assertThat(List.of(a.statusCode(), b.statusCode())).as(path).containsOnly(200);
                    assertThat(JSON.readTree(a.body())).as("%s alike on both instances", path).isEqualTo(JSON.readTree(b.body()));
                    assertThat(a.headers().firstValue("X-Total-Count")).as(path).isPresent()
                            .isEqualTo(b.headers().firstValue("X-Total-Count"));
                    long servedBy = List.of(a, b).stream().filter(r -> r.headers().firstValue("X-Modewatch-Served-By").isPresent()).count();
                    assertThat(servedBy).as("%s: exactly one instance forwards to the owner", path).isEqualTo(1);
                    forwarded += (int) servedBy;
                }
                JsonNode clusters = JSON.readTree(get(ports.get(0), "/scopes/" + scope + "/clusters").body());
                assertThat(clusters.path("events").asInt()).isEqualTo(PER_SCOPE);
                assertThat(clusters.path("clusters").size()).isPositive();
            }
            assertThat(forwarded).isEqualTo(3 * SCOPES.size());

            // Pages followed by their Link cover a list once and in order, through the owner and through the other instance.
            for (int port : ports) {
                String scope = SCOPES.get(0);
                JsonNode whole = JSON.readTree(get(port, "/scopes/" + scope + "/drift?limit=1000").body());
                assertThat(whole.size()).as("drift events to page through").isGreaterThan(7);
                List<JsonNode> paged = new ArrayList<>();
                String next = "/scopes/" + scope + "/drift?limit=3";
                int pages = 0;
                while (next != null) {
                    HttpResponse<String> r = get(port, next);
                    assertThat(r.statusCode()).isEqualTo(200);
                    assertThat(r.headers().firstValue("X-Total-Count")).contains(Integer.toString(whole.size()));
                    JSON.readTree(r.body()).forEach(paged::add);
                    next = r.headers().firstValue("Link").map(NEXT::matcher).filter(Matcher::find).map(m -> m.group(1)).orElse(null);
                    assertThat(next == null || !next.contains("local=")).as("a link for the caller's own query").isTrue();
                    pages++;
                }
                assertThat(paged).containsExactlyElementsOf(whole);
                assertThat(pages).isEqualTo((whole.size() + 2) / 3);
                JsonNode firstCluster = JSON.readTree(get(port, "/scopes/" + scope + "/clusters?limit=1").body());
                assertThat(firstCluster.path("clusters").size()).isEqualTo(1);
                assertThat(firstCluster.path("scope").asText()).isEqualTo(scope);
                assertThat(names(JSON.readTree(get(port, "/scopes?offset=4&limit=10").body())))
                        .containsExactlyElementsOf(SCOPES.stream().sorted().toList().subList(4, 6));
            }

            // The same error rules on every endpoint and both instances.
            List<String> endpoints = new ArrayList<>(List.of("/scopes"));
            for (String resource : List.of("clusters", "alerts", "drift")) {
                endpoints.add("/scopes/" + SCOPES.get(1) + "/" + resource);
            }
            for (int port : ports) {
                for (String endpoint : endpoints) {
                    for (String bad : List.of("limit=0", "limit=1001", "offset=-1", "limt=5", "local=maybe", "limit=2&limit=3")) {
                        HttpResponse<String> r = get(port, endpoint + "?" + bad);
                        assertThat(r.statusCode()).as("%s?%s", endpoint, bad).isEqualTo(400);
                        assertThat(JSON.readTree(r.body()).path("error").asText()).as("%s?%s", endpoint, bad).contains("query parameter");
                    }
                    HttpResponse<String> post = http.send(request(port, endpoint).POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(post.statusCode()).as("POST %s", endpoint).isEqualTo(405);
                    HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + endpoint)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(noToken.statusCode()).as("%s without the token", endpoint).isEqualTo(401);
                }
                for (String resource : List.of("clusters", "alerts", "drift")) {
                    HttpResponse<String> r = get(port, "/scopes/never-seen/" + resource);
                    assertThat(r.statusCode()).as("an unknown scope's %s", resource).isEqualTo(404);
                    assertThat(JSON.readTree(r.body()).path("error").asText()).contains("unknown scope 'never-seen'");
                }
                for (String path : List.of("/scopes/" + SCOPES.get(1) + "/members", "/scopes/" + SCOPES.get(1), "/scopes/a/b/c")) {
                    HttpResponse<String> r = get(port, path);
                    assertThat(r.statusCode()).as(path).isEqualTo(404);
                    assertThat(JSON.readTree(r.body()).path("error").asText()).as(path).startsWith("unknown");
                }
                HttpResponse<String> spec = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/openapi.json")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(spec.statusCode()).as("the description needs no token").isEqualTo(200);
                assertThat(JSON.readTree(spec.body()).path("paths").has("/scopes/{scope}/clusters")).isTrue();
            }

            // The metrics the shipped Prometheus rules and Grafana dashboard use are all exported, and each
            // scope's series by exactly one instance (the one holding the scope).
            Path docker = Path.of(System.getProperty("user.dir")).resolveSibling("docker");
            java.util.Set<String> used = new java.util.TreeSet<>();
            for (Path f : List.of(docker.resolve("prometheus/modewatch-rules.yml"), docker.resolve("grafana/modewatch-dashboard.json"))) {
                Matcher m = Pattern.compile("\\b(?:modewatch|jvm|process)_[a-z_]+").matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group());
                }
            }
            assertThat(used).as("metrics the rules and the dashboard use").hasSizeGreaterThan(8);
            // jvm_gc_pause_seconds appears with the first GC after the service started, and a large heap may
            // not have collected yet: collect once and give the JVM's GC notification a moment to arrive.
            System.gc();
            List<String> exported = new ArrayList<>();
            java.util.Set<String> names = new java.util.TreeSet<>();
            long gcDeadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            do {
                exported.clear();
                names.clear();
                for (int port : ports) {
                    exported.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                }
                for (String body : exported) {
                    body.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("[{ ]", 2)[0]).forEach(names::add);
                }
                if (names.contains("jvm_gc_pause_seconds_sum") || System.nanoTime() > gcDeadline) {
                    break;
                }
                Thread.sleep(200);
            } while (true);
            java.util.Set<String> missing = new java.util.TreeSet<>(used);
            missing.removeAll(names);
            assertThat(missing).as("used by the rules or the dashboard but not exported by the clusterer").isEmpty();
            for (String scope : SCOPES) {
                String series = "modewatch_scope_components{scope=\"" + scope + "\"";
                assertThat(exported.stream().filter(b -> b.contains(series)).count()).as(series).isEqualTo(1);
            }
        } finally {
            for (StreamsService s : instances) {
                s.close();
            }
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private HttpRequest.Builder request(int port, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> get(int port, String pathAndQuery) throws Exception {
        return http.send(request(port, pathAndQuery).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitRunning(List<StreamsService> instances) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (instances.stream().anyMatch(s -> s.streams().state() != KafkaStreams.State.RUNNING)) {
            assertThat(System.nanoTime()).as("both instances running within 90 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Waits (120 s at most) until the scope has clustered all its continuations. */
    private void awaitEvents(int port, String scope) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            HttpResponse<String> r = get(port, "/scopes/" + scope + "/clusters");
            if (r.statusCode() == 200 && JSON.readTree(r.body()).path("events").asInt() == PER_SCOPE) {
                return;
            }
            assertThat(System.nanoTime()).as("%s clustered within 120 s (last answer %d %s)", scope, r.statusCode(), r.body())
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
