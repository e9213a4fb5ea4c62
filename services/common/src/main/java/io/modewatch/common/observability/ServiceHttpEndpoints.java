package io.modewatch.common.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The endpoints every service exposes: {@code /metrics} in the Prometheus text format,
 * {@code /health/live} (the service has not failed for good; 503 tells an orchestrator to restart
 * it) and {@code /health/ready} (the service is processing, 503 otherwise). The JDK's HTTP server
 * is enough for three read-only paths.
 */
public final class ServiceHttpEndpoints implements AutoCloseable {

    private final HttpServer server;

    public ServiceHttpEndpoints(String host, int port, PrometheusMeterRegistry registry, BooleanSupplier live,
                                BooleanSupplier ready) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "modewatch-http");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4", registry.scrape()));
        server.createContext("/health/live", ex -> {
            boolean up = live.getAsBoolean();
            reply(ex, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        });
        server.createContext("/health/ready", ex -> {
            boolean up = ready.getAsBoolean();
            reply(ex, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves another path on the same port (a service's query API, say). */
    public void route(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
    }

    private static void reply(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
