package io.modewatch.models.lm;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.modewatch.models.checkpoint.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shape of a decoder, parsed from (and written as) a Hugging Face {@code config.json}.
 *
 * @param qkvBias whether q/k/v projections carry a bias (GPT-2 and Qwen2 do, Llama does not)
 * @param gpt2TanhGelu GPT-2's "gelu_new" (tanh approximation) rather than exact GELU
 */
public record DecoderConfig(
        ArchitectureFamily family,
        String modelType,
        int vocabSize,
        int hiddenSize,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int intermediateSize,
        int maxPositions,
        float normEps,
        float ropeTheta,
        boolean tieEmbeddings,
        boolean qkvBias,
        boolean gpt2TanhGelu,
        int bosTokenId,
        int eosTokenId) {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    public DecoderConfig {
        if (heads % kvHeads != 0) {
            throw new CheckpointException("num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (family == ArchitectureFamily.LLAMA && headDim % 2 != 0) {
            throw new CheckpointException("rotary embeddings need an even head_dim, got " + headDim);
        }
    }

    public static DecoderConfig gpt2(int vocab, int hidden, int layers, int heads, int maxPositions) {
        return new DecoderConfig(ArchitectureFamily.GPT2, "gpt2", vocab, hidden, layers, heads, heads, hidden / heads,
                4 * hidden, maxPositions, 1e-5f, 0f, true, true, true, -1, -1);
    }

    public static DecoderConfig llama(int vocab, int hidden, int layers, int heads, int kvHeads, int intermediate,
            int maxPositions, boolean qkvBias, boolean tied) {
        return new DecoderConfig(ArchitectureFamily.LLAMA, qkvBias ? "qwen2" : "llama", vocab, hidden, layers, heads,
                kvHeads, hidden / heads, intermediate, maxPositions, 1e-6f, 10000f, tied, qkvBias, false, -1, -1);
    }

    public DecoderConfig withSpecialTokens(int bos, int eos) {
        return new DecoderConfig(family, modelType, vocabSize, hiddenSize, layers, heads, kvHeads, headDim,
                intermediateSize, maxPositions, normEps, ropeTheta, tieEmbeddings, qkvBias, gpt2TanhGelu, bos, eos);
    }

    public static DecoderConfig read(Path configJson) {
        try {
            return fromJson(GSON.fromJson(Files.readString(configJson), JsonObject.class));
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + configJson + ": " + e.getMessage(), e);
        }
    }

    static DecoderConfig fromJson(JsonObject c) {
        String type = c.has("model_type") ? c.get("model_type").getAsString() : "";
        return switch (type) {
            case "gpt2" -> gpt2FromJson(c);
            case "llama", "qwen2", "mistral" -> llamaFromJson(c, type);
            default -> throw new CheckpointException("unsupported architecture: model_type '" + type
                    + "' (architectures " + c.get("architectures") + "); supported: gpt2, llama, qwen2, mistral");
        };
    }

    private static DecoderConfig gpt2FromJson(JsonObject c) {
        int hidden = intOf(c, "n_embd", 768);
        String act = c.has("activation_function") ? c.get("activation_function").getAsString() : "gelu_new";
        if (!act.equals("gelu_new") && !act.equals("gelu")) {
            throw new CheckpointException("unsupported GPT-2 activation_function '" + act + "'");
        }
        int heads = intOf(c, "n_head", 12);
        return new DecoderConfig(ArchitectureFamily.GPT2, "gpt2", intOf(c, "vocab_size", 50257), hidden,
                intOf(c, "n_layer", 12), heads, heads, hidden / heads, intOf(c, "n_inner", 4 * hidden),
                intOf(c, "n_positions", 1024), floatOf(c, "layer_norm_epsilon", 1e-5f), 0f,
                boolOf(c, "tie_word_embeddings", true), true, act.equals("gelu_new"),
                intOf(c, "bos_token_id", -1), intOf(c, "eos_token_id", -1));
    }

    private static DecoderConfig llamaFromJson(JsonObject c, String type) {
        JsonElement scaling = c.get("rope_scaling");
        if (scaling != null && !scaling.isJsonNull()) {
            throw new CheckpointException("unsupported rope_scaling " + scaling + " in model_type '" + type + "'");
        }
        String act = c.has("hidden_act") ? c.get("hidden_act").getAsString() : "silu";
        if (!act.equals("silu")) {
            throw new CheckpointException("unsupported hidden_act '" + act + "' for model_type '" + type + "'");
        }
        int hidden = intOf(c, "hidden_size", 4096);
        int heads = intOf(c, "num_attention_heads", 32);
        boolean bias = type.equals("qwen2") || boolOf(c, "attention_bias", false);
        return new DecoderConfig(ArchitectureFamily.LLAMA, type, intOf(c, "vocab_size", 32000), hidden,
                intOf(c, "num_hidden_layers", 32), heads, intOf(c, "num_key_value_heads", heads),
                intOf(c, "head_dim", hidden / heads), intOf(c, "intermediate_size", 11008),
                intOf(c, "max_position_embeddings", 2048), floatOf(c, "rms_norm_eps", 1e-6f),
                floatOf(c, "rope_theta", 10000f), boolOf(c, "tie_word_embeddings", false), bias, false,
                intOf(c, "bos_token_id", -1), intOf(c, "eos_token_id", -1));
    }

    public void write(Path configJson) {
        JsonObject c = new JsonObject();
        c.addProperty("model_type", modelType);
        c.addProperty("vocab_size", vocabSize);
        if (family == ArchitectureFamily.GPT2) {
            c.add("architectures", GSON.toJsonTree(new String[] {"GPT2LMHeadModel"}));
            c.addProperty("n_embd", hiddenSize);
            c.addProperty("n_layer", layers);
            c.addProperty("n_head", heads);
            c.addProperty("n_inner", intermediateSize);
            c.addProperty("n_positions", maxPositions);
            c.addProperty("layer_norm_epsilon", normEps);
            c.addProperty("activation_function", gpt2TanhGelu ? "gelu_new" : "gelu");
        } else {
            String arch = modelType.equals("qwen2") ? "Qwen2ForCausalLM" : "LlamaForCausalLM";
            c.add("architectures", GSON.toJsonTree(new String[] {arch}));
            c.addProperty("hidden_size", hiddenSize);
            c.addProperty("num_hidden_layers", layers);
            c.addProperty("num_attention_heads", heads);
            c.addProperty("num_key_value_heads", kvHeads);
            c.addProperty("head_dim", headDim);
            c.addProperty("intermediate_size", intermediateSize);
            c.addProperty("max_position_embeddings", maxPositions);
            c.addProperty("rms_norm_eps", normEps);
            c.addProperty("rope_theta", ropeTheta);
            c.addProperty("hidden_act", "silu");
            c.addProperty("attention_bias", qkvBias);
        }
        c.addProperty("tie_word_embeddings", tieEmbeddings);
        if (bosTokenId >= 0) {
            c.addProperty("bos_token_id", bosTokenId);
        }
        if (eosTokenId >= 0) {
            c.addProperty("eos_token_id", eosTokenId);
        }
        try {
            Files.writeString(configJson, GSON.toJson(c));
        } catch (IOException e) {
            throw new CheckpointException("cannot write " + configJson + ": " + e.getMessage(), e);
        }
    }

    /** Number of MLP hidden units over all layers: the dimension of a neuron signature. */
    public int mlpUnits() {
        return layers * intermediateSize;
    }

    private static int intOf(JsonObject c, String key, int fallback) {
        JsonElement e = c.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        // eos_token_id may be a list in newer configs: the first id is the one that ends generation.
        return e.isJsonArray() ? e.getAsJsonArray().get(0).getAsInt() : e.getAsInt();
    }

    private static float floatOf(JsonObject c, String key, float fallback) {
        JsonElement e = c.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsFloat();
    }

    private static boolean boolOf(JsonObject c, String key, boolean fallback) {
        JsonElement e = c.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsBoolean();
    }
}
