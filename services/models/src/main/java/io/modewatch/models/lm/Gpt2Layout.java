package io.modewatch.models.lm;

import static io.modewatch.models.lm.CanonicalWeights.layer;

import io.modewatch.models.checkpoint.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GPT-2 names ({@code transformer.h.N.attn.c_attn.weight}, ...). Its Conv1D weights are already
 * [in, out]; q, k and v are fused column-wise in {@code c_attn}.
 */
final class Gpt2Layout implements CheckpointLayout {

    private static final String PREFIX = "transformer.";

    @Override
    public CanonicalWeights read(Map<String, HostTensor> checkpoint, DecoderConfig c) {
        // GPT2LMHeadModel saves under "transformer.", a bare GPT2Model without it.
        CheckpointTensors t = new CheckpointTensors(checkpoint, checkpoint.containsKey(PREFIX + "wte.weight") ? PREFIX : "");
        long d = c.hiddenSize();
        long ffn = c.intermediateSize();
        CanonicalWeights w = new CanonicalWeights();
        w.put(CanonicalWeights.EMBED, t.require("wte.weight", c.vocabSize(), d));
        w.put(CanonicalWeights.POSITIONS, t.require("wpe.weight", c.maxPositions(), d));
        for (int i = 0; i < c.layers(); i++) {
            String h = "h." + i + ".";
            w.put(layer(i, "ln1.w"), t.require(h + "ln_1.weight", d));
            w.put(layer(i, "ln1.b"), t.require(h + "ln_1.bias", d));
            HostTensor qkv = t.require(h + "attn.c_attn.weight", d, 3 * d);
            HostTensor qkvBias = t.require(h + "attn.c_attn.bias", 3 * d);
            int n = (int) d;
            w.put(layer(i, "q.w"), qkv.columns(0, n));
            w.put(layer(i, "k.w"), qkv.columns(n, 2 * n));
            w.put(layer(i, "v.w"), qkv.columns(2 * n, 3 * n));
            w.put(layer(i, "q.b"), slice(qkvBias, 0, n));
            w.put(layer(i, "k.b"), slice(qkvBias, n, 2 * n));
            w.put(layer(i, "v.b"), slice(qkvBias, 2 * n, 3 * n));
            w.put(layer(i, "o.w"), t.require(h + "attn.c_proj.weight", d, d));
            w.put(layer(i, "o.b"), t.require(h + "attn.c_proj.bias", d));
            w.put(layer(i, "ln2.w"), t.require(h + "ln_2.weight", d));
            w.put(layer(i, "ln2.b"), t.require(h + "ln_2.bias", d));
            w.put(layer(i, "up.w"), t.require(h + "mlp.c_fc.weight", d, ffn));
            w.put(layer(i, "up.b"), t.require(h + "mlp.c_fc.bias", ffn));
            w.put(layer(i, "down.w"), t.require(h + "mlp.c_proj.weight", ffn, d));
            w.put(layer(i, "down.b"), t.require(h + "mlp.c_proj.bias", d));
        }
        w.put(CanonicalWeights.FINAL_NORM_W, t.require("ln_f.weight", d));
        w.put(CanonicalWeights.FINAL_NORM_B, t.require("ln_f.bias", d));
        CheckpointTensors root = new CheckpointTensors(checkpoint, "");
        w.put(CanonicalWeights.UNEMBED, !c.tieEmbeddings() || root.has("lm_head.weight")
                ? root.require("lm_head.weight", c.vocabSize(), d)
                : w.get(CanonicalWeights.EMBED));
        return w;
    }

    @Override
    public Map<String, HostTensor> write(CanonicalWeights w, DecoderConfig c) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        out.put(PREFIX + "wte.weight", w.get(CanonicalWeights.EMBED));
        out.put(PREFIX + "wpe.weight", w.get(CanonicalWeights.POSITIONS));
        for (int i = 0; i < c.layers(); i++) {
            String h = PREFIX + "h." + i + ".";
            out.put(h + "ln_1.weight", w.get(layer(i, "ln1.w")));
            out.put(h + "ln_1.bias", w.get(layer(i, "ln1.b")));
            out.put(h + "attn.c_attn.weight", HostTensor.concatColumns(
                    w.get(layer(i, "q.w")), w.get(layer(i, "k.w")), w.get(layer(i, "v.w"))));
            out.put(h + "attn.c_attn.bias", HostTensor.concatColumns(
                    w.get(layer(i, "q.b")), w.get(layer(i, "k.b")), w.get(layer(i, "v.b"))));
            out.put(h + "attn.c_proj.weight", w.get(layer(i, "o.w")));
            out.put(h + "attn.c_proj.bias", w.get(layer(i, "o.b")));
            out.put(h + "ln_2.weight", w.get(layer(i, "ln2.w")));
            out.put(h + "ln_2.bias", w.get(layer(i, "ln2.b")));
            out.put(h + "mlp.c_fc.weight", w.get(layer(i, "up.w")));
            out.put(h + "mlp.c_fc.bias", w.get(layer(i, "up.b")));
            out.put(h + "mlp.c_proj.weight", w.get(layer(i, "down.w")));
            out.put(h + "mlp.c_proj.bias", w.get(layer(i, "down.b")));
        }
        out.put(PREFIX + "ln_f.weight", w.get(CanonicalWeights.FINAL_NORM_W));
        out.put(PREFIX + "ln_f.bias", w.get(CanonicalWeights.FINAL_NORM_B));
        if (!c.tieEmbeddings()) {
            out.put("lm_head.weight", w.get(CanonicalWeights.UNEMBED));
        }
        return out;
    }

    private static HostTensor slice(HostTensor vector, int from, int to) {
        float[] out = new float[to - from];
        System.arraycopy(vector.data(), from, out, 0, out.length);
        return new HostTensor(new long[] {out.length}, out);
    }
}
