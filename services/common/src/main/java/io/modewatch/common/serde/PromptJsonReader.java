package io.modewatch.common.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.schema.PromptEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads the JSON form of a prompt event that gateways and external tools may send instead of Avro:
 * <pre>{"prompt_id": "p-1", "prompt": "…", "scope": "faq", "model_route": "chat-large",
 *  "timestamp": 1764115200000, "attributes": {"tenant": "acme"}}</pre>
 * {@code prompt_id} and {@code prompt} are required non-empty strings; the rest are optional
 * ({@code timestamp} defaults to the Kafka record's timestamp, else now). Unknown fields are
 * rejected so that a misspelt field is not silently ignored.
 */
public final class PromptJsonReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("prompt_id", "prompt", "scope", "model_route", "timestamp",
            "attributes");

    public PromptEvent read(byte[] bytes, long fallbackTimestampMillis) {
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidRecordException("prompt JSON is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new InvalidRecordException("prompt JSON could not be read: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRecordException("prompt JSON must be an object with at least \"prompt_id\" and \"prompt\"");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRecordException("prompt JSON has unknown field \"" + name + "\"; allowed: " + FIELDS);
            }
        }
        long timestamp = fallbackTimestampMillis >= 0 ? fallbackTimestampMillis : System.currentTimeMillis();
        if (node.has("timestamp") && !node.get("timestamp").isNull()) {
            if (!node.get("timestamp").canConvertToLong() || !node.get("timestamp").isIntegralNumber()) {
                throw new InvalidRecordException("prompt JSON field \"timestamp\" must be epoch milliseconds (an integer)");
            }
            timestamp = node.get("timestamp").asLong();
        }
        return PromptEvent.newBuilder()
                .setPromptId(requiredText(node, "prompt_id"))
                .setPrompt(requiredText(node, "prompt"))
                .setScope(optionalText(node, "scope"))
                .setModelRoute(optionalText(node, "model_route"))
                .setTimestamp(Instant.ofEpochMilli(timestamp))
                .setAttributes(attributes(node))
                .build();
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidRecordException("prompt JSON is missing required field \"" + field + "\"");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidRecordException("prompt JSON field \"" + field + "\" must be a non-empty string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRecordException("prompt JSON field \"" + field + "\" must be a string");
        }
        return value.asText();
    }

    private static Map<String, String> attributes(JsonNode node) {
        JsonNode value = node.get("attributes");
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (!value.isObject()) {
            throw new InvalidRecordException("prompt JSON field \"attributes\" must be an object of strings");
        }
        for (var it = value.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw new InvalidRecordException("prompt JSON attribute \"" + e.getKey() + "\" must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
