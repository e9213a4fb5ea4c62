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
 * The clusterer's query API:
 * <pre>
 * GET /scopes                          every scope, across all instances
 * GET /scopes/{scope}/clusters         components with shares, exemplars, top units, lineage, neighbours
 * GET /scopes/{scope}/alerts           recent alerts
 * GET /scopes/{scope}/drift            recent drift events
 * </pre>
 * A scope's state lives on one instance (its partition's owner); a query that reaches another
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
            boolean localOnly = "local=true".equals(exchange.getRequestURI().getRawQuery());
            if (streams.state() != KafkaStreams.State.RUNNING) {
                reply(exchange, 503, Map.of("error", "the clusterer is " + streams.state() + "; try again shortly"));
                return;
            }
            String[] parts = path.split("/");
            if (path.equals("/scopes") || path.equals("/scopes/")) {
                reply(exchange, 200, localOnly ? local.localScopes() : allScopes());
                return;
            }
            if (parts.length == 4 && parts[1].equals("scopes")) {
                String scope = decodeSegment(parts[2]);
                HostInfo owner = owner(scope);
                if (owner != null && self != null && !owner.equals(self) && !localOnly) {
                    forward(exchange, owner, path);
                    return;
                }
                switch (parts[3]) {
                    case "clusters" -> {
                        var clusters = local.clusters(scope);
                        if (clusters.isPresent()) {
                            reply(exchange, 200, clusters.get());
                        } else {
                            reply(exchange, 404, Map.of("error", "unknown scope '" + scope + "'"));
                        }
                    }
                    case "alerts" -> reply(exchange, 200, local.alerts(scope));
                    case "drift" -> reply(exchange, 200, local.drift(scope));
                    default -> reply(exchange, 404, Map.of("error", "unknown resource '" + parts[3]
                            + "'; use clusters, alerts or drift"));
                }
                return;
            }
            reply(exchange, 404, Map.of("error", "unknown path " + path
                    + "; use /scopes or /scopes/{scope}/clusters|alerts|drift"));
        } catch (BadRequest e) {
            reply(exchange, 400, Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            // The client gets a reference to the log, not the exception's text (which may name internals).
            LOG.error("Query {} failed", exchange.getRequestURI(), e);
            reply(exchange, 500, Map.of("error", "the query failed inside the clusterer; its log has the cause"));
        }
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

    private void forward(HttpExchange exchange, HostInfo owner, String path) throws IOException {
        try {
            HttpResponse<String> response = get(owner, path + "?local=true");
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
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
