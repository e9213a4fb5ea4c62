package io.modewatch.clusterer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.modewatch.common.config.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clusterer's query API (described in {@code /openapi.json}, see {@link #OPENAPI}):
 * <pre>
 * GET /scopes                          every scope, across all instances, by name
 * GET /scopes/{scope}/clusters         components with shares, exemplars, top units, lineage, neighbours (largest share first)
 * GET /scopes/{scope}/alerts           the scope's last alerts, oldest first
 * GET /scopes/{scope}/drift            the scope's last drift events, oldest first
 * </pre>
 * Every list is paged with {@code offset} (default 0) and {@code limit} (default 100, at most
 * 1000); the answer says the full length in {@code X-Total-Count} and, when there is more, links
 * the next page in {@code Link: <...>; rel="next"}. The rules are the same on every endpoint: an
 * unknown path or a scope this clusterer has never seen is 404, a query parameter that is not
 * declared for the endpoint or out of range is 400, a request other than GET is 405.
 *
 * <p>A scope's state lives on one instance (its partition's owner); a query that reaches another
 * instance is forwarded there, using the addresses instances advertise in
 * {@code application.server} (MODEWATCH_APPLICATION_SERVER).
 */
final class ClusterQueryApi implements HttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ClusterQueryApi.class);

    private final KafkaStreams streams;
    private final ClusterQueries local;
    private final HostInfo self;
    private final Optional<Secret> token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /**
     * @param self  this instance's advertised address, or null when running alone
     * @param token the bearer token every query must carry (MODEWATCH_QUERY_TOKEN), if any
     */
    ClusterQueryApi(KafkaStreams streams, ClusterQueries local, HostInfo self, Optional<Secret> token) {
        this.token = token;
        this.streams = streams;
        this.local = local;
        this.self = self;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (token.isPresent() && !bearer(exchange).map(t -> token.get().matches(t)).orElse(false)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                reply(exchange, 401, Map.of("error", "this query API needs the header 'Authorization: Bearer <token>'"
                        + " with the token set in MODEWATCH_QUERY_TOKEN"));
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, Map.of("error", "only GET is supported"));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            String[] parts = path.split("/");
            boolean scopeList = path.equals("/scopes") || path.equals("/scopes/");
            boolean scopeResource = parts.length == 4 && parts[1].equals("scopes") && RESOURCES.contains(parts[3]);
            if (!scopeList && !scopeResource) {
                reply(exchange, 404, Map.of("error", parts.length == 4 && parts[1].equals("scopes")
                        ? "unknown resource '" + parts[3] + "'; use clusters, alerts or drift"
                        : "unknown path " + path + "; use /scopes or /scopes/{scope}/clusters|alerts|drift (see /openapi.json)"));
                return;
            }
            QueryParameters query = QueryParameters.parse(exchange.getRequestURI().getRawQuery());
            Page page = Page.from(query);
            if (streams.state() != KafkaStreams.State.RUNNING) {
                reply(exchange, 503, Map.of("error", "the clusterer is " + streams.state() + "; try again shortly"));
                return;
            }
            if (scopeList) {
                replyPage(exchange, path, query, page, query.localOnly() ? local.localScopes() : allScopes());
                return;
            }
            String scope = decodeSegment(parts[2]);
            HostInfo owner = owner(scope);
            if (owner != null && self != null && !owner.equals(self) && !query.localOnly()) {
                forward(exchange, owner, path, query, page);
                return;
            }
            if (!local.knows(scope)) {
                reply(exchange, 404, Map.of("error", "unknown scope '" + scope + "'"));
                return;
            }
            switch (parts[3]) {
                case "clusters" -> {
                    var clusters = local.clusters(scope);
                    if (clusters.isEmpty()) {
                        reply(exchange, 404, Map.of("error", "unknown scope '" + scope + "'"));
                        return;
                    }
                    // The page applies to the component list; the scope's own fields come with every page.
                    Map<String, Object> body = new java.util.LinkedHashMap<>(clusters.get());
                    @SuppressWarnings("unchecked")
                    List<Object> all = (List<Object>) body.get("clusters");
                    body.put("clusters", page.of(all));
                    pagingHeaders(exchange, path, query, page, all.size());
                    reply(exchange, 200, body);
                }
                case "alerts" -> replyPage(exchange, path, query, page, local.alerts(scope));
                default -> replyPage(exchange, path, query, page, local.drift(scope));
            }
        } catch (BadRequest e) {
            reply(exchange, 400, Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            // The client gets a reference to the log, not the exception's text (which may name internals).
            LOG.error("Query {} failed", exchange.getRequestURI(), e);
            reply(exchange, 500, Map.of("error", "the query failed inside the clusterer; its log has the cause"));
        }
    }

    /** The sub-resources of a scope. */
    static final List<String> RESOURCES = List.of("clusters", "alerts", "drift");

    /** The OpenAPI 3 description of this API, on the classpath and served at {@code /openapi.json}. */
    static final String OPENAPI = "/io/modewatch/clusterer/openapi.json";

    /** Serves {@link #OPENAPI} to anyone: it describes the API and holds no data. */
    static HttpHandler openApi() {
        return exchange -> {
            if (!exchange.getRequestURI().getRawPath().equals("/openapi.json")) {
                reply(exchange, 404, Map.of("error", "unknown path " + exchange.getRequestURI().getRawPath()));
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, Map.of("error", "only GET is supported"));
                return;
            }
            try (var in = ClusterQueryApi.class.getResourceAsStream(OPENAPI)) {
                byte[] bytes = in.readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        };
    }

    private static void replyPage(HttpExchange exchange, String path, QueryParameters query, Page page, List<?> all)
            throws IOException {
        pagingHeaders(exchange, path, query, page, all.size());
        reply(exchange, 200, page.of(all));
    }

    private static void pagingHeaders(HttpExchange exchange, String path, QueryParameters query, Page page, int total) {
        exchange.getResponseHeaders().set("X-Total-Count", Integer.toString(total));
        page.next(total).ifPresent(next -> exchange.getResponseHeaders().set("Link",
                "<" + path + "?" + query.with("offset", Integer.toString(next.offset())) + ">; rel=\"next\""));
    }

    /** A request the API cannot interpret; answered 400 with the reason. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * Percent-decodes one path segment as UTF-8. Unlike a form decoder it keeps {@code +} (a scope
     * may contain it) and rejects a malformed escape instead of guessing.
     */
    static String decodeSegment(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (lo < 0) {
                throw new BadRequest("malformed percent-escape at position " + i + " of path segment '" + raw
                        + "': '%' must be followed by two hex digits (write '%25' for '%')");
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        try {
            return utf8.decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("path segment '" + raw + "' does not decode to UTF-8 text");
        }
    }

    private HostInfo owner(String scope) {
        KeyQueryMetadata meta = streams.queryMetadataForKey(StoreNames.SCOPE_STATE, scope, new StringSerializer());
        return meta == null || meta == KeyQueryMetadata.NOT_AVAILABLE ? null : meta.activeHost();
    }

    private List<String> allScopes() {
        TreeSet<String> scopes = new TreeSet<>(local.localScopes());
        if (self != null) {
            for (var client : streams.metadataForAllStreamsClients()) {
                HostInfo host = client.hostInfo();
                if (host.equals(self) || host.port() <= 0) {
                    continue;
                }
                try {
                    String body = get(host, "/scopes?local=true").body();
                    for (var node : JSON.readTree(body)) {
                        scopes.add(node.asText());
                    }
                } catch (IOException | InterruptedException e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("instance " + host + " did not answer: " + e.getMessage(), e);
                }
            }
        }
        return List.copyOf(scopes);
    }

    private void forward(HttpExchange exchange, HostInfo owner, String path, QueryParameters query, Page page)
            throws IOException {
        try {
            HttpResponse<String> response = get(owner, path + "?" + query.with("local", "true"));
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            // The owner's page links carry local=true; this instance links its own caller's query instead.
            var total = response.headers().firstValue("X-Total-Count");
            if (total.isPresent()) {
                pagingHeaders(exchange, path, query, page, Integer.parseInt(total.get()));
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("X-Modewatch-Served-By", owner.host() + ":" + owner.port());
            exchange.sendResponseHeaders(response.statusCode(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply(exchange, 503, Map.of("error", "interrupted while asking " + owner));
        }
    }

    private HttpResponse<String> get(HostInfo host, String pathAndQuery) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t.value()));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? Optional.of(header.substring(7).strip()) : Optional.empty();
    }


    private static void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
