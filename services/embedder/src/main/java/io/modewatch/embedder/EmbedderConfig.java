package io.modewatch.embedder;

import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.ConfigException;
import io.modewatch.common.config.ServiceEnvironment;
import io.modewatch.common.config.Setting;
import io.modewatch.common.config.Settings;
import io.modewatch.common.redaction.TextRedactor;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.models.embedding.SentenceEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The embedder's configuration.
 *
 * @param embedderDirectory a sentence-transformer ONNX directory, or {@link #BUILTIN_MINILM}
 */
public record EmbedderConfig(ServiceEnvironment env, String continuationsTopic, String embeddingsTopic,
                             String embedderDirectory, String embedderId, boolean forwardText,
                             TextRedactor redactor, int batchSize) {

    public static final String SERVICE = "embedder";
    /** The value of MODEWATCH_EMBEDDER_DIR that loads all-MiniLM-L6-v2 from the classpath. */
    public static final String BUILTIN_MINILM = "builtin:all-MiniLM-L6-v2";
    static final String BUILTIN_EMBEDDER_ID = "all-MiniLM-L6-v2";

    public static final Setting CONTINUATIONS_TOPIC = Setting.optional("MODEWATCH_CONTINUATIONS_TOPIC",
            ModewatchTopics.CONTINUATIONS.name(),
            "a kebab-case topic name", "Topic the embedder reads continuations from.");
    public static final Setting EMBEDDINGS_TOPIC = Setting.optional("MODEWATCH_EMBEDDINGS_TOPIC",
            ModewatchTopics.EMBEDDINGS.name(),
            "a kebab-case topic name", "Topic the embedder writes embeddings to.");
    public static final Setting EMBEDDER_DIR = Setting.optional("MODEWATCH_EMBEDDER_DIR", BUILTIN_MINILM,
            "a sentence-transformer ONNX directory (model.onnx or onnx/model.onnx, tokenizer.json) or " + BUILTIN_MINILM,
            "The embedding model: token states mean-pooled and L2-normalised. " + BUILTIN_MINILM
                    + " is the 384-dimension model shipped with modewatch.");
    public static final Setting EMBEDDER_ID = Setting.optional("MODEWATCH_EMBEDDER_ID", BUILTIN_EMBEDDER_ID,
            "an embedder id; required unless MODEWATCH_EMBEDDER_DIR is " + BUILTIN_MINILM,
            "Id written on every embedding; embeddings are only comparable within one embedder.");
    public static final Setting FORWARD_TEXT = Setting.optional("MODEWATCH_FORWARD_TEXT", "true", "true or false",
            "Carry the continuation text on the embedding (the clusterer shows it in exemplars); false leaves it null.");
    public static final Setting BATCH_SIZE = Setting.optional("MODEWATCH_BATCH_SIZE", "32", "an integer 1..10000",
            "Continuations per model call and per transaction: bounds the work in flight.");

    public static List<Setting> settings() {
        List<Setting> all = new ArrayList<>(CommonSettings.of(SERVICE));
        all.addAll(List.of(CONTINUATIONS_TOPIC, EMBEDDINGS_TOPIC, EMBEDDER_DIR, EMBEDDER_ID, FORWARD_TEXT, TextRedactor.PATTERNS,
                BATCH_SIZE));
        return all;
    }

    public static EmbedderConfig from(Map<String, String> environment) {
        Settings s = Settings.of(environment, settings());
        ServiceEnvironment env = ServiceEnvironment.from(SERVICE, s);
        String dir = s.string(EMBEDDER_DIR);
        if (!dir.equals(BUILTIN_MINILM)) {
            String id = environment.get(EMBEDDER_ID.name());
            if (id == null || id.isBlank()) {
                throw new ConfigException("Missing setting " + EMBEDDER_ID.name() + ": required when "
                        + EMBEDDER_DIR.name() + " names a model directory (" + EMBEDDER_ID.description() + ").");
            }
        }
        return new EmbedderConfig(env, topic(s, CONTINUATIONS_TOPIC), topic(s, EMBEDDINGS_TOPIC), dir,
                s.string(EMBEDDER_ID), s.flag(FORWARD_TEXT), TextRedactor.from(environment), s.integer(BATCH_SIZE, 1, 10_000));
    }

    /** Loads the embedding model this configuration names; the caller closes it. */
    public SentenceEmbedder loadEmbedder() {
        if (embedderDirectory.equals(BUILTIN_MINILM)) {
            return SentenceEmbedder.allMiniLmL6V2();
        }
        Path dir = Path.of(embedderDirectory);
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("Malformed setting " + EMBEDDER_DIR.name() + "=\"" + embedderDirectory
                    + "\": expected " + EMBEDDER_DIR.expectedForm() + " (no such directory).");
        }
        return SentenceEmbedder.fromDirectory(dir);
    }

    /** A topic name setting: kebab-case, as every modewatch topic. */
    private static String topic(Settings s, Setting setting) {
        String name = s.string(setting);
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new ConfigException("Malformed setting " + setting.name() + "=\"" + name + "\": expected "
                    + setting.expectedForm() + ".");
        }
        return name;
    }
}
