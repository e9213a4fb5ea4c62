package io.modewatch.common.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modewatch.common.topics.DependencyUnavailableException;
import io.modewatch.common.topics.TopicSpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers each topic's value schema under the subject {@code <topic>-value} through the
 * Confluent-compatible API, and sets the subject's compatibility to BACKWARD so the registry
 * refuses a breaking change. Registering an identical schema again returns the same id, so every
 * service does it at start; producers never auto-register.
 */
public final class SchemaRegistrar {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI ccompatBase;
    private final RegistryConnection registry;
    private final HttpClient http;

    /** @param registryUrl the registry's base URL, e.g. {@code http://127.0.0.1:8081} */
    public SchemaRegistrar(URI registryUrl) {
        this(RegistryConnection.anonymous(registryUrl));
    }

    public SchemaRegistrar(RegistryConnection registry) {
        this.registry = registry;
        this.ccompatBase = URI.create(registry.url() + "/apis/ccompat/v7/");
        this.http = registry.httpClient();
    }

    /** Registers every spec's schema; returns subject to schema id. */
    public Map<String, Integer> registerAll(Collection<TopicSpec> specs) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (TopicSpec spec : specs) {
            ids.put(spec.valueSubject(), register(spec.valueSubject(), spec.valueSchema().toString()));
        }
        return ids;
    }

    public int register(String subject, String schemaJson) {
        String body = JSON.createObjectNode().put("schema", schemaJson).toString();
        JsonNode reply = send(HttpRequest.newBuilder(ccompatBase.resolve("subjects/" + subject + "/versions"))
                .header("Content-Type", CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(body)), "register the schema of subject " + subject);
        send(HttpRequest.newBuilder(ccompatBase.resolve("config/" + subject))
                .header("Content-Type", CONTENT_TYPE)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}")),
                "set BACKWARD compatibility on subject " + subject);
        return reply.path("id").asInt();
    }

    private JsonNode send(HttpRequest.Builder request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(registry.authorize(request).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new DependencyUnavailableException("Could not " + what + ": no schema registry answers at " + ccompatBase
                    + " (check MODEWATCH_REGISTRY_URL).", e);
        } catch (IOException e) {
            throw new DependencyUnavailableException("Could not " + what + " at " + ccompatBase + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + what, e);
        }
        if (response.statusCode() / 100 == 5) {
            // A registry that is starting, or has lost its storage backend for a moment, answers 5xx.
            throw new DependencyUnavailableException("Could not " + what + ": the registry answered HTTP "
                    + response.statusCode() + " " + response.body(), null);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("Could not " + what + ": the registry answered HTTP "
                    + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Could not " + what + ": unreadable registry answer " + response.body(), e);
        }
    }
}
