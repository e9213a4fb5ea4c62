package io.modewatch.sampler;

import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.ConfigException;
import io.modewatch.common.config.ServiceEnvironment;
import io.modewatch.common.config.Setting;
import io.modewatch.common.config.Settings;
import io.modewatch.common.redaction.TextRedactor;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.lm.GenerationSettings;
import io.modewatch.models.world.TinyWorldModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sampler's configuration. Generation defaults are the paper's (METHOD-NOTES §2): T=1.0,
 * top-p 0.9, at most 20 new tokens, stop at the first sentence terminator.
 *
 * @param modelDirectory  a Hugging Face checkpoint directory, or {@link #BUILTIN_TINY_MODEL}
 * @param generation      decoding settings; its seed is replaced per prompt
 * @param seed            mixed into every prompt's generation seed
 */
public record SamplerConfig(ServiceEnvironment env, String promptsTopic, String continuationsTopic,
                            String modelDirectory, String modelId, String modelVersion,
                            SamplingPolicy policy, String scopeAttribute, String defaultScope,
                            TextRedactor redactor, int continuationsPerPrompt, GenerationSettings generation,
                            long seed, int batchSize) {

    public static final String SERVICE = "sampler";
    /** The value of MODEWATCH_MODEL_DIR that loads the committed tiny door-world model. */
    public static final String BUILTIN_TINY_MODEL = TinyWorldModel.BUILTIN_LOCATION;
    static final String BUILTIN_MODEL_ID = TinyWorldModel.BUILTIN_MODEL_ID;
    static final String BUILTIN_MODEL_VERSION = TinyWorldModel.BUILTIN_MODEL_VERSION;

    private static final GenerationSettings PAPER = GenerationSettings.paperDefaults(0);

    public static final Setting PROMPTS_TOPIC = Setting.optional("MODEWATCH_PROMPTS_TOPIC",
            ModewatchTopics.PROMPTS.name(),
            "a kebab-case topic name", "Topic the sampler reads prompts from.");
    public static final Setting CONTINUATIONS_TOPIC = Setting.optional("MODEWATCH_CONTINUATIONS_TOPIC",
            ModewatchTopics.CONTINUATIONS.name(),
            "a kebab-case topic name", "Topic the sampler writes continuations to.");
    public static final Setting MODEL_DIR = Setting.optional("MODEWATCH_MODEL_DIR", BUILTIN_TINY_MODEL,
            "a Hugging Face checkpoint directory (config.json, *.safetensors, tokenizer.json) or " + BUILTIN_TINY_MODEL,
            "The monitored model (GPT-2 or Llama/Qwen2 family). " + BUILTIN_TINY_MODEL
                    + " loads the small door-world model committed with modewatch.");
    public static final Setting MODEL_ID = Setting.optional("MODEWATCH_MODEL_ID", BUILTIN_MODEL_ID,
            "a model id; required unless MODEWATCH_MODEL_DIR is " + BUILTIN_TINY_MODEL,
            "Id of the monitored model, written on every continuation; the attributor only accepts continuations of its own model id.");
    public static final Setting MODEL_VERSION = Setting.optional("MODEWATCH_MODEL_VERSION", BUILTIN_MODEL_VERSION,
            "a version string; required unless MODEWATCH_MODEL_DIR is " + BUILTIN_TINY_MODEL,
            "Version of the monitored model (checkpoint or deployment revision); signatures are only comparable within one version.");
    public static final Setting SAMPLE_FRACTION = Setting.optional("MODEWATCH_SAMPLE_FRACTION", "1.0",
            "a number in [0, 1]",
            "Share of prompts sampled, chosen by a hash of the prompt id (the same prompt is always in or out).");
    public static final Setting SCOPE_BUDGET = Setting.optional("MODEWATCH_SCOPE_BUDGET_PER_MINUTE", "0",
            "an integer >= 0 (0 = unlimited)",
            "Most prompts sampled per scope per minute of event time (prompt timestamps), per sampler instance.");
    public static final Setting BUDGET_LATENESS = Setting.optional("MODEWATCH_BUDGET_LATENESS", "5m",
            "a duration of whole minutes, such as 5m",
            "With a budget: how far behind its scope's newest minute a prompt may be and still be budgeted; older prompts are skipped.");
    public static final Setting BUDGET_SCOPES = Setting.optional("MODEWATCH_BUDGET_SCOPES", "10000",
            "an integer 1..10000000",
            "With a budget: scopes tracked at once; the least recently seen scope beyond this starts a fresh budget.");
    public static final Setting SCOPE_ATTRIBUTE = Setting.optional("MODEWATCH_SCOPE_ATTRIBUTE", "template_id",
            "a prompt attribute name, or empty",
            "For prompts without a scope: the attribute whose value is the scope (tried before the model route).");
    public static final Setting DEFAULT_SCOPE = Setting.optional("MODEWATCH_DEFAULT_SCOPE", "unscoped",
            "a scope name", "Scope of prompts with no scope, no scope attribute and no model route.");
    public static final Setting CONTINUATIONS = Setting.optional("MODEWATCH_CONTINUATIONS_PER_PROMPT", "4",
            "an integer 1..1024", "Continuations sampled for each sampled prompt.");
    public static final Setting TEMPERATURE = Setting.optional("MODEWATCH_TEMPERATURE", Float.toString(PAPER.temperature()),
            "a number in [0, 100] (0 = greedy)", "Sampling temperature.");
    public static final Setting TOP_P = Setting.optional("MODEWATCH_TOP_P", Float.toString(PAPER.topP()),
            "a number in (0, 1]", "Nucleus sampling mass (1 disables nucleus truncation).");
    public static final Setting MAX_NEW_TOKENS = Setting.optional("MODEWATCH_MAX_NEW_TOKENS", Integer.toString(PAPER.maxNewTokens()),
            "an integer 1..4096", "Most tokens generated per continuation.");
    public static final Setting STOP_STRINGS = Setting.optional("MODEWATCH_STOP_STRINGS", String.join(",", PAPER.stopStrings()),
            "comma-separated strings (empty = stop only at end of sequence or the token limit)",
            "Generation ends at the first of these; it and what follows are not part of the continuation.");
    public static final Setting SEED = Setting.optional("MODEWATCH_SEED", "0", "an integer",
            "Mixed into each prompt's generation seed (which is derived from the prompt id, so a replay samples the same text).");
    public static final Setting BATCH_SIZE = Setting.optional("MODEWATCH_BATCH_SIZE", "8", "an integer 1..10000",
            "Prompts per batch and per transaction: bounds the work in flight (batch size x continuations per prompt).");

    public static List<Setting> settings() {
        List<Setting> all = new ArrayList<>(CommonSettings.of(SERVICE));
        all.addAll(List.of(PROMPTS_TOPIC, CONTINUATIONS_TOPIC, MODEL_DIR, MODEL_ID, MODEL_VERSION, SAMPLE_FRACTION,
                SCOPE_BUDGET, BUDGET_LATENESS, BUDGET_SCOPES, SCOPE_ATTRIBUTE, DEFAULT_SCOPE, TextRedactor.PATTERNS,
                CONTINUATIONS, TEMPERATURE, TOP_P, MAX_NEW_TOKENS, STOP_STRINGS, SEED, BATCH_SIZE));
        return all;
    }

    public static SamplerConfig from(Map<String, String> environment) {
        Settings s = Settings.of(environment, settings());
        ServiceEnvironment env = ServiceEnvironment.from(SERVICE, s);
        String modelDir = s.string(MODEL_DIR);
        if (!modelDir.equals(BUILTIN_TINY_MODEL)) {
            requirePresent(environment, MODEL_ID);
            requirePresent(environment, MODEL_VERSION);
        }
        if (s.duration(BUDGET_LATENESS).toSeconds() % 60 != 0) {
            throw new ConfigException("Malformed setting " + BUDGET_LATENESS.name() + ": expected "
                    + BUDGET_LATENESS.expectedForm() + " (the budget counts whole minutes).");
        }
        SamplingPolicy policy = new SamplingPolicy(s.decimal(SAMPLE_FRACTION, 0, 1),
                s.integer(SCOPE_BUDGET, 0, Integer.MAX_VALUE), s.duration(BUDGET_LATENESS),
                s.integer(BUDGET_SCOPES, 1, 10_000_000));
        double topP = s.decimal(TOP_P, 1e-9, 1);
        GenerationSettings generation = PAPER
                .withTemperature((float) s.decimal(TEMPERATURE, 0, 100))
                .withTopP((float) topP)
                .withMaxNewTokens(s.integer(MAX_NEW_TOKENS, 1, 4096))
                .withStopStrings(s.list(STOP_STRINGS));
        return new SamplerConfig(env, topic(s, PROMPTS_TOPIC), topic(s, CONTINUATIONS_TOPIC), modelDir,
                s.string(MODEL_ID), s.string(MODEL_VERSION), policy,
                environment.getOrDefault(SCOPE_ATTRIBUTE.name(), SCOPE_ATTRIBUTE.defaultValue()).trim(),
                s.string(DEFAULT_SCOPE), TextRedactor.from(environment),
                s.integer(CONTINUATIONS, 1, 1024), generation, s.longValue(SEED, Long.MIN_VALUE, Long.MAX_VALUE),
                s.integer(BATCH_SIZE, 1, 10_000));
    }

    /** Loads the monitored model this configuration names; the caller closes it. */
    public DecoderLm loadModel() {
        return TinyWorldModel.open(modelDirectory);
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
