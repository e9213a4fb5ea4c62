package io.modewatch.models.lm;

import static io.modewatch.models.lm.CanonicalWeights.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;

/**
 * One forward pass of the decoder over a chunk of tokens, with hooks. The same code serves teacher
 * forcing (whole sequences, optionally under autograd), cached generation (one token per call) and
 * training. Activations are always the first operand so their results land in the step's manager,
 * never in the weights' manager.
 */
final class DecoderForward {

    /** Added to the scores of keys a query must not see; finite so a fully masked padding row stays finite. */
    private static final float MASKED = -1e9f;

    private final DecoderWeights w;
    private final DecoderConfig c;

    DecoderForward(DecoderWeights weights) {
        this.w = weights;
        this.c = weights.config();
    }

    /** Final-norm hidden states [batch, chunk, hidden]. */
    NDArray hidden(int[][] ids, ChunkLayout chunk, KvCache cache, ForwardHooks hooks, StepConstants k) {
        NDManager step = k.manager();
        int b = chunk.batch();
        int t = chunk.length();
        NDArray idArray = step.create(flatten(ids), new Shape(b, t));
        NDArray x = embed(idArray, w.get(CanonicalWeights.EMBED));
        if (c.family() == ArchitectureFamily.GPT2) {
            NDArray pos = step.create(flatten(chunk.positionIds()), new Shape(b, t));
            x = x.add(embed(pos, w.get(CanonicalWeights.POSITIONS)));
        }
        NDArray mask = attentionMask(step, chunk, cache == null ? 0 : cache.past());
        NDArray[] rotary = c.family() == ArchitectureFamily.LLAMA ? rotary(step, chunk) : null;
        for (int l = 0; l < c.layers(); l++) {
            NDArray attended = attention(l, norm(x, "ln1", l, k), mask, rotary, cache, hooks, chunk, k);
            x = x.add(attended);
            NDArray m = norm(x, "ln2", l, k);
            NDArray h = hooks.mlpHidden(l, mlpHidden(l, m, k), chunk, k);
            NDArray out = h.matMul(w.get(layer(l, "down.w")));
            if (w.has(layer(l, "down.b"))) {
                out = out.add(w.get(layer(l, "down.b")));
            }
            out = hooks.mlpOutput(l, m, out, chunk, k);
            x = hooks.residual(l, x.add(out), chunk, k);
        }
        if (cache != null) {
            cache.advance(t);
        }
        return finalNorm(x, k);
    }

    /** Logits of the final position of each row, [batch, vocab]. */
    NDArray lastLogits(NDArray hidden, NDManager step) {
        long t = hidden.getShape().get(1);
        NDArray last = hidden.get(new NDIndex(":, {}", t - 1));
        return last.matMul(w.unembedTransposed(step));
    }

    NDArray logits(NDArray hidden, NDManager step) {
        return hidden.matMul(w.unembedTransposed(step));
    }

    private static NDArray embed(NDArray ids, NDArray table) {
        NDList out = ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE);
        return out.singletonOrThrow();
    }

    private NDArray attention(int l, NDArray a, NDArray mask, NDArray[] rotary, KvCache cache, ForwardHooks hooks,
            ChunkLayout chunk, StepConstants k) {
        long b = a.getShape().get(0);
        long t = a.getShape().get(1);
        int hd = c.headDim();
        NDArray q = heads(linear(a, l, "q"), b, t, c.heads());
        NDArray key = heads(linear(a, l, "k"), b, t, c.kvHeads());
        NDArray value = heads(linear(a, l, "v"), b, t, c.kvHeads());
        if (rotary != null) {
            q = rotate(q, rotary, hd);
            key = rotate(key, rotary, hd);
        }
        if (cache != null) {
            NDArray[] full = cache.append(l, key, value);
            key = full[0];
            value = full[1];
        }
        int repeat = c.heads() / c.kvHeads();
        if (repeat > 1) {
            key = expandKv(key, repeat);
            value = expandKv(value, repeat);
        }
        NDArray scores = q.matMul(key.transpose(0, 1, 3, 2)).mul(k.of((float) (1.0 / Math.sqrt(hd)))).add(mask);
        NDArray context = scores.softmax(-1).matMul(value);
        NDArray merged = hooks.attentionHeads(l, context.transpose(0, 2, 1, 3).reshape(b, t, (long) c.heads() * hd), chunk, k);
        NDArray out = merged.matMul(w.get(layer(l, "o.w")));
        return w.has(layer(l, "o.b")) ? out.add(w.get(layer(l, "o.b"))) : out;
    }

    /** Grouped-query attention: each key/value head serves {@code repeat} consecutive query heads (HF repeat_kv). */
    private static NDArray expandKv(NDArray kv, int repeat) {
        Shape s = kv.getShape();
        return kv.expandDims(2)
                .broadcast(new Shape(s.get(0), s.get(1), repeat, s.get(2), s.get(3)))
                .reshape(s.get(0), s.get(1) * repeat, s.get(2), s.get(3));
    }

    private NDArray linear(NDArray a, int l, String name) {
        NDArray out = a.matMul(w.get(layer(l, name + ".w")));
        return w.has(layer(l, name + ".b")) ? out.add(w.get(layer(l, name + ".b"))) : out;
    }

    private static NDArray heads(NDArray x, long b, long t, int n) {
        return x.reshape(b, t, n, -1).transpose(0, 2, 1, 3);
    }

    /** Hugging Face's rotate_half convention: the two halves of the head dimension form the pairs. */
    private static NDArray rotate(NDArray x, NDArray[] cosSin, int hd) {
        int half = hd / 2;
        NDArray first = x.get(new NDIndex("..., :" + half));
        NDArray second = x.get(new NDIndex("..., " + half + ":"));
        NDArray rotated = second.neg().concat(first, -1);
        return x.mul(cosSin[0]).add(rotated.mul(cosSin[1]));
    }

    private NDArray[] rotary(NDManager step, ChunkLayout chunk) {
        int b = chunk.batch();
        int t = chunk.length();
        int hd = c.headDim();
        int half = hd / 2;
        float[] cos = new float[b * t * hd];
        float[] sin = new float[b * t * hd];
        for (int r = 0; r < b; r++) {
            for (int p = 0; p < t; p++) {
                int pos = chunk.positionIds()[r][p];
                int base = (r * t + p) * hd;
                for (int j = 0; j < half; j++) {
                    double invFreq = Math.pow(c.ropeTheta(), -2.0 * j / hd);
                    double angle = pos * invFreq;
                    cos[base + j] = cos[base + j + half] = (float) Math.cos(angle);
                    sin[base + j] = sin[base + j + half] = (float) Math.sin(angle);
                }
            }
        }
        return new NDArray[] {step.create(cos, new Shape(b, 1, t, hd)), step.create(sin, new Shape(b, 1, t, hd))};
    }

    private static NDArray attentionMask(NDManager step, ChunkLayout chunk, int past) {
        int b = chunk.batch();
        int t = chunk.length();
        int keys = chunk.keys();
        float[] mask = new float[b * t * keys];
        for (int r = 0; r < b; r++) {
            for (int q = 0; q < t; q++) {
                for (int key = 0; key < keys; key++) {
                    boolean visible = chunk.keyValid()[r][key] && key <= past + q;
                    mask[(r * t + q) * keys + key] = visible ? 0f : MASKED;
                }
            }
        }
        return step.create(mask, new Shape(b, 1, t, keys));
    }

    private NDArray mlpHidden(int l, NDArray m, StepConstants k) {
        if (c.family() == ArchitectureFamily.LLAMA) {
            NDArray gate = m.matMul(w.get(layer(l, "gate.w")));
            return gate.mul(Activation.sigmoid(gate)).mul(m.matMul(w.get(layer(l, "up.w"))));
        }
        NDArray pre = m.matMul(w.get(layer(l, "up.w"))).add(w.get(layer(l, "up.b")));
        if (!c.gpt2TanhGelu()) {
            return Activation.gelu(pre);
        }
        // gelu_new: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), with step-owned constants.
        NDArray cube = pre.mul(pre).mul(pre);
        NDArray inner = pre.add(cube.mul(k.of(0.044715f))).mul(k.of((float) Math.sqrt(2.0 / Math.PI)));
        return pre.mul(k.of(0.5f)).mul(inner.tanh().add(k.of(1f)));
    }

    private NDArray norm(NDArray x, String name, int l, StepConstants k) {
        return normalise(x, w.get(layer(l, name + ".w")), w.has(layer(l, name + ".b")) ? w.get(layer(l, name + ".b")) : null, k);
    }

    private NDArray finalNorm(NDArray x, StepConstants k) {
        return normalise(x, w.get(CanonicalWeights.FINAL_NORM_W),
                w.has(CanonicalWeights.FINAL_NORM_B) ? w.get(CanonicalWeights.FINAL_NORM_B) : null, k);
    }

    private NDArray normalise(NDArray x, NDArray gain, NDArray bias, StepConstants k) {
        if (c.family() == ArchitectureFamily.GPT2) {
            return x.getNDArrayInternal()
                    .layerNorm(x, new Shape(c.hiddenSize()), gain, bias, c.normEps())
                    .singletonOrThrow();
        }
        NDArray rms = x.mul(x).mean(new int[] {-1}, true).add(k.of(c.normEps())).sqrt();
        return x.div(rms).mul(gain);
    }

    private static long[] flatten(int[][] rows) {
        int n = rows[0].length;
        long[] out = new long[rows.length * n];
        for (int r = 0; r < rows.length; r++) {
            for (int i = 0; i < n; i++) {
                out[r * n + i] = rows[r][i];
            }
        }
        return out;
    }

}
