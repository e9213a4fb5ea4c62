package io.modewatch.launcher.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code points.jsonl}: one object per line with {@code id}, optional {@code weight},
 * {@code embedding} (numbers) and {@code signature} (numbers, or {@code {"dim", "indices",
 * "values"}}), optional {@code text}. Every rejection names the line, because the files are
 * produced by other tools and the line is what a user can go and look at.
 */
final class PointsFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PointsFile() {
    }

    static AuditPoints read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new AuditInputException(path + ": no such file");
        }
        List<String> ids = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<double[]> semantic = new ArrayList<>();
        List<double[]> signatures = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int weighted = 0;
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parse(path, number, line);
                String id = requiredText(path, number, node, "id");
                if (!seen.add(id)) {
                    throw error(path, number, "duplicate id '" + id + "'");
                }
                double[] e = numbers(path, number, required(path, number, node, "embedding"), "embedding");
                double[] a = signature(path, number, required(path, number, node, "signature"));
                if (!semantic.isEmpty() && e.length != semantic.get(0).length) {
                    throw error(path, number, "embedding has " + e.length + " dimensions, earlier lines have " + semantic.get(0).length);
                }
                if (!signatures.isEmpty() && a.length != signatures.get(0).length) {
                    throw error(path, number, "signature has " + a.length + " dimensions, earlier lines have " + signatures.get(0).length);
                }
                double norm = 0;
                for (double v : e) {
                    norm += v * v;
                }
                if (!(norm > 0)) {
                    throw error(path, number, "embedding is the zero vector");
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < e.length; j++) {
                    e[j] /= norm;
                }
                double weight = 1.0;
                if (node.hasNonNull("weight")) {
                    JsonNode w = node.get("weight");
                    if (!w.isNumber() || !(w.asDouble() > 0) || w.asDouble() > 1) {
                        throw error(path, number, "weight must be a number in (0, 1], got " + w);
                    }
                    weight = w.asDouble();
                    weighted++;
                }
                ids.add(id);
                weights.add(weight);
                semantic.add(e);
                signatures.add(a);
                texts.add(node.hasNonNull("text") ? node.get("text").asText() : null);
            }
        }
        if (ids.isEmpty()) {
            throw new AuditInputException(path + ": no points (the file is empty)");
        }
        if (weighted > 0 && weighted < ids.size()) {
            throw new AuditInputException(path + ": " + weighted + " of " + ids.size()
                    + " lines have a weight; give every line a weight or none");
        }
        return new AuditPoints(List.copyOf(ids), weights.stream().mapToDouble(Double::doubleValue).toArray(),
                semantic.toArray(new double[0][]), signatures.toArray(new double[0][]), texts);
    }

    private static JsonNode parse(Path path, int number, String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw error(path, number, "expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw error(path, number, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static JsonNode required(Path path, int number, JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            throw error(path, number, "missing field '" + field + "'");
        }
        return node.get(field);
    }

    private static String requiredText(Path path, int number, JsonNode node, String field) {
        JsonNode value = required(path, number, node, field);
        if (!value.isTextual() && !value.isNumber()) {
            throw error(path, number, "field '" + field + "' must be a string");
        }
        return value.asText();
    }

    private static double[] numbers(Path path, int number, JsonNode array, String field) {
        if (!array.isArray() || array.isEmpty()) {
            throw error(path, number, "field '" + field + "' must be a non-empty array of numbers");
        }
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw error(path, number, "field '" + field + "' element " + i + " is not a finite number: " + v);
            }
            out[i] = v.asDouble();
        }
        return out;
    }

    private static double[] signature(Path path, int number, JsonNode node) {
        if (node.isArray()) {
            return numbers(path, number, node, "signature");
        }
        if (!node.isObject()) {
            throw error(path, number, "signature must be an array or {\"dim\", \"indices\", \"values\"}");
        }
        JsonNode dimNode = required(path, number, node, "dim");
        if (!dimNode.canConvertToInt() || dimNode.asInt() < 1) {
            throw error(path, number, "signature dim must be a positive integer");
        }
        int dim = dimNode.asInt();
        JsonNode indices = required(path, number, node, "indices");
        double[] values = node.has("values") && node.get("values").isEmpty() ? new double[0]
                : numbers(path, number, required(path, number, node, "values"), "signature.values");
        if (!indices.isArray() || indices.size() != values.length) {
            throw error(path, number, "signature indices and values must be arrays of the same length");
        }
        double[] dense = new double[dim];
        for (int k = 0; k < values.length; k++) {
            JsonNode i = indices.get(k);
            if (!i.canConvertToInt() || i.asInt() < 0 || i.asInt() >= dim) {
                throw error(path, number, "signature index " + i + " is outside [0, " + dim + ")");
            }
            dense[i.asInt()] = values[k];
        }
        return dense;
    }

    private static AuditInputException error(Path path, int number, String reason) {
        return new AuditInputException(path + " line " + number + ": " + reason);
    }
}
