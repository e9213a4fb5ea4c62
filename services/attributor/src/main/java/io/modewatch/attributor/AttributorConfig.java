package io.modewatch.attributor;

import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.ConfigException;
import io.modewatch.common.config.ServiceEnvironment;
import io.modewatch.common.config.Setting;
import io.modewatch.common.config.Settings;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.models.lm.AttributionSettings;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.lm.SourcePositions;
import io.modewatch.models.world.TinyWorldModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The attributor's configuration. The model settings mean the same as the sampler's and must name
 * the same model: the attributor explains the tokens the sampler's model produced. Attribution
 * defaults are the model layer's (continuation sources, L2-normalised, top 256 units; DESIGN.md §4).
 *
 * @param modelDirectory a Hugging Face checkpoint directory, or {@link #BUILTIN_TINY_MODEL}
 * @param batchSize      continuations per poll and per transaction
 */
public record AttributorConfig(ServiceEnvironment env, String continuationsTopic, String signaturesTopic,
                               String modelDirectory, String modelId, String modelVersion,
                               AttributionSettings attribution, int batchSize) {

    public static final String SERVICE = "attributor";
    /** The value of MODEWATCH_MODEL_DIR that loads the committed tiny door-world model (as the sampler's does). */
    public static final String BUILTIN_TINY_MODEL = TinyWorldModel.BUILTIN_LOCATION;
    static final String BUILTIN_MODEL_ID = TinyWorldModel.BUILTIN_MODEL_ID;
    static final String BUILTIN_MODEL_VERSION = TinyWorldModel.BUILTIN_MODEL_VERSION;

    private static final AttributionSettings DEFAULTS = AttributionSettings.defaults();

    public static final Setting CONTINUATIONS_TOPIC = Setting.optional("MODEWATCH_CONTINUATIONS_TOPIC",
            ModewatchTopics.CONTINUATIONS.name(),
            "a kebab-case topic name", "Topic the attributor reads continuations from.");
    public static final Setting SIGNATURES_TOPIC = Setting.optional("MODEWATCH_SIGNATURES_TOPIC",
            ModewatchTopics.SIGNATURES.name(),
            "a kebab-case topic name", "Topic the attributor writes signatures to.");
    public static final Setting MODEL_DIR = Setting.optional("MODEWATCH_MODEL_DIR", BUILTIN_TINY_MODEL,
            "a Hugging Face checkpoint directory (config.json, *.safetensors, tokenizer.json) or " + BUILTIN_TINY_MODEL,
            "The monitored model, the same as the sampler's. " + BUILTIN_TINY_MODEL
                    + " loads the small door-world model committed with modewatch.");
    public static final Setting MODEL_ID = Setting.optional("MODEWATCH_MODEL_ID", BUILTIN_MODEL_ID,
            "a model id; required unless MODEWATCH_MODEL_DIR is " + BUILTIN_TINY_MODEL,
            "Id of the monitored model; continuations of another model id go to the dead-letter topic.");
    public static final Setting MODEL_VERSION = Setting.optional("MODEWATCH_MODEL_VERSION", BUILTIN_MODEL_VERSION,
            "a version string; required unless MODEWATCH_MODEL_DIR is " + BUILTIN_TINY_MODEL,
            "Version of the monitored model; continuations of another version go to the dead-letter topic.");
    public static final Setting SOURCE_POSITIONS = Setting.optional("MODEWATCH_SOURCE_POSITIONS",
            DEFAULTS.sources().name().toLowerCase(Locale.ROOT), "prefix, continuation or all",
            "Token positions whose activation x gradient is summed (the paper: prefix).");
    public static final Setting TOP_K = Setting.optional("MODEWATCH_TOP_K", Integer.toString(DEFAULTS.topK()),
            "an integer >= 0 (0 = every unit)", "Units kept per signature, those with the largest |attribution|.");
    public static final Setting L2_NORMALISE = Setting.optional("MODEWATCH_L2_NORMALISE",
            Boolean.toString(DEFAULTS.l2Normalise()), "true or false",
            "Divide each signature by its L2 norm before top-k.");
    public static final Setting ATTENTION_HEADS = Setting.optional("MODEWATCH_ATTENTION_HEADS",
            Boolean.toString(DEFAULTS.attentionHeads()), "true or false",
            "Also attribute every attention head (signature space 'mlp-neurons+heads:L..xN..xH..' instead of"
                    + " 'mlp-neurons:L..xN..').");
    public static final Setting ATTRIBUTION_BATCH_SIZE = Setting.optional("MODEWATCH_ATTRIBUTION_BATCH_SIZE",
            Integer.toString(DEFAULTS.batchSize()), "an integer 1..4096",
            "Continuations per forward/backward pass (memory grows with it).");
    public static final Setting BATCH_SIZE = Setting.optional("MODEWATCH_BATCH_SIZE", "32", "an integer 1..10000",
            "Continuations per poll and per transaction: bounds the work in flight.");

    public static List<Setting> settings() {
        List<Setting> all = new ArrayList<>(CommonSettings.of(SERVICE));
        all.addAll(List.of(CONTINUATIONS_TOPIC, SIGNATURES_TOPIC, MODEL_DIR, MODEL_ID, MODEL_VERSION,
                SOURCE_POSITIONS, TOP_K, L2_NORMALISE, ATTENTION_HEADS, ATTRIBUTION_BATCH_SIZE, BATCH_SIZE));
        return all;
    }

    public static AttributorConfig from(Map<String, String> environment) {
        Settings s = Settings.of(environment, settings());
        ServiceEnvironment env = ServiceEnvironment.from(SERVICE, s);
        String modelDir = s.string(MODEL_DIR);
        if (!modelDir.equals(BUILTIN_TINY_MODEL)) {
            requirePresent(environment, MODEL_ID);
            requirePresent(environment, MODEL_VERSION);
        }
        AttributionSettings attribution = new AttributionSettings(sources(s.string(SOURCE_POSITIONS)),
                s.flag(L2_NORMALISE), s.integer(TOP_K, 0, Integer.MAX_VALUE),
                s.integer(ATTRIBUTION_BATCH_SIZE, 1, 4096), s.flag(ATTENTION_HEADS));
        return new AttributorConfig(env, topic(s, CONTINUATIONS_TOPIC), topic(s, SIGNATURES_TOPIC), modelDir,
                s.string(MODEL_ID), s.string(MODEL_VERSION), attribution,
                s.integer(BATCH_SIZE, 1, 10_000));
    }

    /** Loads the monitored model this configuration names; the caller closes it. */
    public DecoderLm loadModel() {
        return TinyWorldModel.open(modelDirectory);
    }

    private static SourcePositions sources(String raw) {
        try {
            return SourcePositions.valueOf(raw.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Malformed setting " + SOURCE_POSITIONS.name() + "=\"" + raw + "\": expected "
                    + SOURCE_POSITIONS.expectedForm() + ".");
        }
    }

    private static void requirePresent(Map<String, String> environment, Setting setting) {
        String value = environment.get(setting.name());
        if (value == null || value.isBlank()) {
            throw new ConfigException("Missing setting " + setting.name() + ": required when MODEWATCH_MODEL_DIR names"
                    + " a checkpoint directory (" + setting.description() + ").");
        }
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
