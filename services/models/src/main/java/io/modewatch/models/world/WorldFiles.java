package io.modewatch.models.world;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the world's corpus and traffic script as JSON lines, one record per line, in order. */
public final class WorldFiles {

    private static final Gson GSON = new Gson();

    private WorldFiles() {}

    public static void writeCorpus(List<TrainingExample> corpus, Path file) {
        write(file, corpus.stream().map(e -> {
            JsonObject o = new JsonObject();
            o.addProperty("variant", e.variant().name().toLowerCase());
            o.addProperty("prompt", e.prompt());
            o.addProperty("continuation", e.continuation());
            o.addProperty("mode", e.mode());
            return o;
        }).toList());
    }

    public static void writeTraffic(List<TrafficEvent> events, Path file) {
        write(file, events.stream().map(e -> {
            JsonObject o = new JsonObject();
            o.addProperty("sequence", e.sequence());
            o.addProperty("event_time_ms", e.eventTimeMs());
            o.addProperty("scope", e.scope());
            o.addProperty("prompt", e.prompt());
            o.add("attributes", GSON.toJsonTree(e.attributes()));
            return o;
        }).toList());
    }

    private static void write(Path file, List<JsonObject> lines) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (Writer out = Files.newBufferedWriter(file)) {
                for (JsonObject line : lines) {
                    out.write(GSON.toJson(line));
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
