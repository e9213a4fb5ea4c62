package io.modewatch.clusterer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The dashboard at {@code /dashboard}: a page and its script and style, read from the classpath
 * once. It holds no data and needs no token; the script reads the query API of the same instance
 * (with the token when MODEWATCH_QUERY_TOKEN is set, which the page asks for), so a dashboard
 * opened on any instance shows every scope.
 */
final class DashboardPages implements HttpHandler {

    /** The page's address on the clusterer's HTTP port. */
    static final String PATH = "/dashboard";

    private static final String RESOURCES = "/io/modewatch/clusterer/dashboard/";

    private record Asset(String contentType, byte[] bytes) {
    }

    private final Map<String, Asset> assets = Map.of(
            PATH, asset("index.html", "text/html; charset=utf-8"),
            PATH + "/", asset("index.html", "text/html; charset=utf-8"),
            PATH + "/dashboard.js", asset("dashboard.js", "text/javascript; charset=utf-8"),
            PATH + "/dashboard.css", asset("dashboard.css", "text/css; charset=utf-8"));

    private static Asset asset(String name, String contentType) {
        try (InputStream in = DashboardPages.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + name + " is missing from the clusterer's jar");
            }
            return new Asset(contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Asset asset = assets.get(path);
        if (asset == null) {
            send(exchange, 404, "text/plain; charset=utf-8",
                    ("unknown path " + path + "; the dashboard is at " + PATH).getBytes(StandardCharsets.UTF_8));
        } else if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "text/plain; charset=utf-8", "only GET is supported".getBytes(StandardCharsets.UTF_8));
        } else {
            // Revalidate on every load, so a page open across an upgrade picks up the new script.
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            send(exchange, 200, asset.contentType(), asset.bytes());
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
