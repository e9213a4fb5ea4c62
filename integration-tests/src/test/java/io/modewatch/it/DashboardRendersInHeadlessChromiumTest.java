package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modewatch.clusterer.ClustererApp;
import io.modewatch.clusterer.ClustererConfig;
import io.modewatch.common.streams.StreamsService;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RuntimePorts;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/**
 * The clusterer's dashboard in the system's headless Chromium, against the real broker, registry
 * and clusterer with default detection settings: before any alert the page draws the scope's
 * stacked shares, both maps and a card per component and no alert marker; after a mode new in both
 * views arrives and the clusterer alerts on it, the same page shows the alert as a marker on the
 * plot, a row of the timeline and a flagged card. The screenshots are checked too (coloured areas
 * drawn; the alert's red only after the alert), and a page opened without the query token asks for it.
 */
class DashboardRendersInHeadlessChromiumTest {

    private static final String SCOPE = "dash-doors";
    private static final String TOKEN = "it-dashboard-" + java.util.UUID.randomUUID();
    private static final int STATIONARY = 1_200;
    private static final int WITH_NEW_MODE = 1_200;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUDGET_MILLIS = 8_000;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theDashboardDrawsSharesMapsAndCardsAndMarksTheAlertOnceTheClustererRaisesIt() throws Exception {
        Path dir = Files.createTempDirectory("it-dashboard-");
        Optional<HeadlessChromium> found = HeadlessChromium.find(dir);
        assumeTrue(found.isPresent(), "needs Debian's chromium (apt-get install chromium; .ci/run installs it)");
        HeadlessChromium chromium = found.get();
        var options = new EmbeddedRuntime.Options(dir.resolve("runtime"), new RuntimePorts(0, 0, 0, 0), 1,
                SharedRuntime.registryHome(), Optional.empty(), Duration.ofSeconds(120));
        int port = FreePort.pick();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(options, System.out::println)) {
            Map<String, String> env = new HashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", runtime.bootstrapServers());
            env.put("MODEWATCH_REGISTRY_URL", runtime.registryUrl().toString());
            env.put("MODEWATCH_STATE_DIR", dir.resolve("clusterer").toString());
            env.put("MODEWATCH_HTTP_HOST", "127.0.0.1");
            env.put("MODEWATCH_HTTP_PORT", Integer.toString(port));
            env.put("MODEWATCH_QUERY_TOKEN", TOKEN);
            // Drift windows of 100 continuations rather than 2,000, so that a short stream has a plot to draw.
            env.put("MODEWATCH_WINDOW_EVENTS", "100");
            StreamsService clusterer = ClustererApp.start(ClustererConfig.from(env));
            try {
                awaitRunning(clusterer);
                String page = "http://127.0.0.1:" + port + "/dashboard?refresh=60";
                String withToken = page + "#token=" + TOKEN;
                Instant start = Instant.now().minusSeconds(120);
                Duration step = Duration.ofMillis(40);

                // Without the token the page asks for it instead of drawing anything.
                String locked = chromium.dom(page, BUDGET_MILLIS);
                assertThat(attribute(locked, "body", "data-state")).isEqualTo("token");

                // An empty clusterer: the page says so.
                assertThat(attribute(chromium.dom(withToken, BUDGET_MILLIS), "body", "data-state")).isEqualTo("empty");

                Records.produce(runtime.bootstrapServers(), null, SyntheticHalves.of(runtime.registryUrl(), List.of(SCOPE),
                        0, STATIONARY, 7, i -> i % 2, start, step));
                JsonNode before = awaitEvents(port, STATIONARY);
                assertThat(get(port, "/scopes/" + SCOPE + "/alerts").size()).as("alerts on stationary traffic").isZero();
                int k = before.path("k").asInt();

                String quiet = chromium.dom(withToken, BUDGET_MILLIS);
                assertThat(attribute(quiet, "body", "data-state")).as("page state; page:%n%s", quiet).isEqualTo("ready");
                JsonNode drift = get(port, "/scopes/" + SCOPE + "/drift?limit=1000");
                assertThat(drift.size()).as("drift events").isGreaterThanOrEqualTo(4);
                assertThat(Integer.parseInt(attribute(quiet, "svg id=\"shares\"", "data-points"))).as("drift events plotted")
                        .isEqualTo(drift.size());
                assertThat(Integer.parseInt(attribute(quiet, "svg id=\"shares\"", "data-series"))).isGreaterThanOrEqualTo(2);
                assertThat(count(element(quiet, "svg", "shares"), "class=\"share-area\"")).isGreaterThanOrEqualTo(2);
                assertThat(count(element(quiet, "svg", "map-semantic"), "<circle")).as("components on the semantic map").isEqualTo(k);
                assertThat(count(element(quiet, "svg", "map-signature"), "<circle")).as("components on the signature map").isEqualTo(k);
                assertThat(count(quiet, "class=\"card\"")).as("cards").isEqualTo(k);
                assertThat(count(quiet, "class=\"alert-marker\"")).isZero();
                assertThat(quiet).contains("no alert for this scope").contains("mode 0").contains("mode 1");
                Path quietPng = Path.of("target", "dashboard-before-alert.png");
                chromium.screenshot(withToken, BUDGET_MILLIS, quietPng, 1280, 1800);
                BufferedImage quietImage = ImageIO.read(quietPng.toFile());
                assertThat(colouredPixels(quietImage)).as("coloured pixels (plot areas, map dots)").isGreaterThan(20_000);
                assertThat(redPixels(quietImage)).as("alert red before any alert").isLessThan(50);

                // A mode new in both views at 10% of the traffic: the clusterer alerts with default settings.
                Records.produce(runtime.bootstrapServers(), null, SyntheticHalves.of(runtime.registryUrl(), List.of(SCOPE),
                        STATIONARY, WITH_NEW_MODE, 8, i -> i % 10 == 0 ? 2 : i % 2, start, step));
                awaitEvents(port, STATIONARY + WITH_NEW_MODE);
                JsonNode alerts = get(port, "/scopes/" + SCOPE + "/alerts");
                assertThat(alerts.size()).as("alerts on the new mode: %s", alerts).isEqualTo(1);
                String alertId = alerts.get(0).path("alert_id").asText();
                String kind = alerts.get(0).path("novelty_kind").asText();
                assertThat(kind).isEqualTo("BOTH");

                String alerted = chromium.dom(withToken, BUDGET_MILLIS);
                assertThat(count(alerted, "class=\"alert-marker\" data-alert-id=\"" + alertId + "\"")).as("the alert's marker").isEqualTo(1);
                assertThat(count(alerted, "<tr class=\"alert\" data-alert-id=\"" + alertId + "\"")).as("the alert's timeline row").isEqualTo(1);
                assertThat(count(alerted, "class=\"card alerted\"")).as("flagged cards").isGreaterThanOrEqualTo(1);
                assertThat(count(element(alerted, "svg", "map-semantic"), "class=\"component alerted\"")).isGreaterThanOrEqualTo(1);
                assertThat(alerted).contains("mode 2");
                Path alertPng = Path.of("target", "dashboard-after-alert.png");
                chromium.screenshot(withToken, BUDGET_MILLIS, alertPng, 1280, 1800);
                assertThat(redPixels(ImageIO.read(alertPng.toFile()))).as("alert red after the alert").isGreaterThan(300);

                // A scope the clusterer never saw: an error on the page, not a blank one.
                String unknown = chromium.dom(page.replace("?refresh=60", "?scope=nope&refresh=60") + "#token=" + TOKEN, BUDGET_MILLIS);
                assertThat(attribute(unknown, "body", "data-state")).isEqualTo("error");
                assertThat(unknown).contains("Unknown scope");
            } finally {
                clusterer.close();
            }
        }
    }

    private static String attribute(String dom, String elementStart, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(elementStart) + "[^>]*\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(dom);
        assertThat(m.find()).as("<%s ... %s=...> in%n%s", elementStart, name, dom).isTrue();
        return m.group(1);
    }

    private static String element(String dom, String tag, String id) {
        int start = dom.indexOf("<" + tag + " id=\"" + id + "\"");
        assertThat(start).as("<%s id=%s>", tag, id).isNotNegative();
        return dom.substring(start, dom.indexOf("</" + tag + ">", start));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** Pixels of a saturated colour: the plot's areas and the maps' dots (the page's chrome is grey). */
    private static int colouredPixels(BufferedImage image) {
        return pixels(image, (r, g, b) -> Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60);
    }

    /** Pixels of the alert red (#d62728), which no component colour is near. */
    private static int redPixels(BufferedImage image) {
        return pixels(image, (r, g, b) -> Math.abs(r - 0xd6) < 24 && Math.abs(g - 0x27) < 24 && Math.abs(b - 0x28) < 24);
    }

    private interface RgbTest {
        boolean test(int r, int g, int b);
    }

    private static int pixels(BufferedImage image, RgbTest test) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                if (test.test((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff)) {
                    n++;
                }
            }
        }
        return n;
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void awaitRunning(StreamsService s) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (s.streams().state() != KafkaStreams.State.RUNNING) {
            assertThat(System.nanoTime()).as("clusterer running within 90 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Waits (120 s at most) until the scope has clustered this many continuations; its clusters. */
    private JsonNode awaitEvents(int port, int events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/scopes/" + SCOPE + "/clusters"))
                    .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && JSON.readTree(r.body()).path("events").asInt() >= events) {
                return JSON.readTree(r.body());
            }
            assertThat(System.nanoTime()).as("%d continuations clustered within 120 s (last answer %d %s)", events, r.statusCode(), r.body())
                    .isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
