package io.modewatch.models.lm;

import static io.modewatch.models.lm.CanonicalWeights.layer;

import io.modewatch.models.checkpoint.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Llama / Qwen2 / Mistral names ({@code model.layers.N.self_attn.q_proj.weight}, ...). Their
 * {@code nn.Linear} weights are [out, in] and are transposed on the way in and out.
 */
final class LlamaLayout implements CheckpointLayout {

    @Override
    public CanonicalWeights read(Map<String, HostTensor> checkpoint, DecoderConfig c) {
        CheckpointTensors t = new CheckpointTensors(checkpoint, "");
        long d = c.hiddenSize();
        long q = (long) c.heads() * c.headDim();
        long kv = (long) c.kvHeads() * c.headDim();
        long ffn = c.intermediateSize();
        CanonicalWeights w = new CanonicalWeights();
        w.put(CanonicalWeights.EMBED, t.require("model.embed_tokens.weight", c.vocabSize(), d));
        for (int i = 0; i < c.layers(); i++) {
            String p = "model.layers." + i + ".";
            w.put(layer(i, "ln1.w"), t.require(p + "input_layernorm.weight", d));
            w.put(layer(i, "q.w"), t.require(p + "self_attn.q_proj.weight", q, d).transposed());
            w.put(layer(i, "k.w"), t.require(p + "self_attn.k_proj.weight", kv, d).transposed());
            w.put(layer(i, "v.w"), t.require(p + "self_attn.v_proj.weight", kv, d).transposed());
            if (c.qkvBias()) {
                w.put(layer(i, "q.b"), t.require(p + "self_attn.q_proj.bias", q));
                w.put(layer(i, "k.b"), t.require(p + "self_attn.k_proj.bias", kv));
                w.put(layer(i, "v.b"), t.require(p + "self_attn.v_proj.bias", kv));
            }
            w.put(layer(i, "o.w"), t.require(p + "self_attn.o_proj.weight", d, q).transposed());
            w.put(layer(i, "ln2.w"), t.require(p + "post_attention_layernorm.weight", d));
            w.put(layer(i, "gate.w"), t.require(p + "mlp.gate_proj.weight", ffn, d).transposed());
            w.put(layer(i, "up.w"), t.require(p + "mlp.up_proj.weight", ffn, d).transposed());
            w.put(layer(i, "down.w"), t.require(p + "mlp.down_proj.weight", d, ffn).transposed());
        }
        w.put(CanonicalWeights.FINAL_NORM_W, t.require("model.norm.weight", d));
        w.put(CanonicalWeights.UNEMBED, c.tieEmbeddings() && !t.has("lm_head.weight")
                ? w.get(CanonicalWeights.EMBED)
                : t.require("lm_head.weight", c.vocabSize(), d));
        return w;
    }

    @Override
    public Map<String, HostTensor> write(CanonicalWeights w, DecoderConfig c) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        out.put("model.embed_tokens.weight", w.get(CanonicalWeights.EMBED));
        for (int i = 0; i < c.layers(); i++) {
            String p = "model.layers." + i + ".";
            out.put(p + "input_layernorm.weight", w.get(layer(i, "ln1.w")));
            out.put(p + "self_attn.q_proj.weight", w.get(layer(i, "q.w")).transposed());
            out.put(p + "self_attn.k_proj.weight", w.get(layer(i, "k.w")).transposed());
            out.put(p + "self_attn.v_proj.weight", w.get(layer(i, "v.w")).transposed());
            if (c.qkvBias()) {
                out.put(p + "self_attn.q_proj.bias", w.get(layer(i, "q.b")));
                out.put(p + "self_attn.k_proj.bias", w.get(layer(i, "k.b")));
                out.put(p + "self_attn.v_proj.bias", w.get(layer(i, "v.b")));
            }
            out.put(p + "self_attn.o_proj.weight", w.get(layer(i, "o.w")).transposed());
            out.put(p + "post_attention_layernorm.weight", w.get(layer(i, "ln2.w")));
            out.put(p + "mlp.gate_proj.weight", w.get(layer(i, "gate.w")).transposed());
            out.put(p + "mlp.up_proj.weight", w.get(layer(i, "up.w")).transposed());
            out.put(p + "mlp.down_proj.weight", w.get(layer(i, "down.w")).transposed());
        }
        out.put("model.norm.weight", w.get(CanonicalWeights.FINAL_NORM_W));
        if (!c.tieEmbeddings()) {
            out.put("lm_head.weight", w.get(CanonicalWeights.UNEMBED));
        }
        return out;
    }
}
