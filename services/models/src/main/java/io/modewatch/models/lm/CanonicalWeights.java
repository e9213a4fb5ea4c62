package io.modewatch.models.lm;

import io.modewatch.models.checkpoint.CheckpointException;
import io.modewatch.models.checkpoint.HostTensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weights under family-neutral names, every matrix oriented for {@code x @ W} ([in, out]). Each
 * checkpoint layout translates Hugging Face names to these; the forward pass reads only these.
 */
public final class CanonicalWeights {

    static final String EMBED = "embed";
    static final String POSITIONS = "positions";
    static final String FINAL_NORM_W = "final_norm.w";
    static final String FINAL_NORM_B = "final_norm.b";
    static final String UNEMBED = "unembed";

    private final Map<String, HostTensor> tensors = new LinkedHashMap<>();

    static String layer(int i, String part) {
        return "layers." + i + "." + part;
    }

    public void put(String name, HostTensor tensor) {
        tensors.put(name, tensor);
    }

    public HostTensor get(String name) {
        HostTensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException("missing weight '" + name + "'");
        }
        return t;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    public Map<String, HostTensor> asMap() {
        return tensors;
    }

    /** Every tensor the forward pass needs for this config, with the shape it must have. */
    static Map<String, long[]> expectedShapes(DecoderConfig c) {
        boolean gpt2 = c.family() == ArchitectureFamily.GPT2;
        long d = c.hiddenSize();
        long q = (long) c.heads() * c.headDim();
        long kv = (long) c.kvHeads() * c.headDim();
        long ffn = c.intermediateSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(EMBED, new long[] {c.vocabSize(), d});
        if (gpt2) {
            shapes.put(POSITIONS, new long[] {c.maxPositions(), d});
        }
        for (int i = 0; i < c.layers(); i++) {
            shapes.put(layer(i, "ln1.w"), new long[] {d});
            shapes.put(layer(i, "q.w"), new long[] {d, q});
            shapes.put(layer(i, "k.w"), new long[] {d, kv});
            shapes.put(layer(i, "v.w"), new long[] {d, kv});
            if (c.qkvBias()) {
                shapes.put(layer(i, "q.b"), new long[] {q});
                shapes.put(layer(i, "k.b"), new long[] {kv});
                shapes.put(layer(i, "v.b"), new long[] {kv});
            }
            shapes.put(layer(i, "o.w"), new long[] {q, d});
            shapes.put(layer(i, "ln2.w"), new long[] {d});
            shapes.put(layer(i, "up.w"), new long[] {d, ffn});
            shapes.put(layer(i, "down.w"), new long[] {ffn, d});
            if (gpt2) {
                shapes.put(layer(i, "ln1.b"), new long[] {d});
                shapes.put(layer(i, "o.b"), new long[] {d});
                shapes.put(layer(i, "ln2.b"), new long[] {d});
                shapes.put(layer(i, "up.b"), new long[] {ffn});
                shapes.put(layer(i, "down.b"), new long[] {d});
            } else {
                shapes.put(layer(i, "gate.w"), new long[] {d, ffn});
            }
        }
        shapes.put(FINAL_NORM_W, new long[] {d});
        if (gpt2) {
            shapes.put(FINAL_NORM_B, new long[] {d});
        }
        shapes.put(UNEMBED, new long[] {c.vocabSize(), d});
        return shapes;
    }

    /**
     * Seeded random weights for a config: matrices N(0, std^2), norm gains near 1, small biases. The
     * trainer starts from these; tests use a larger std so that untrained logits are far from flat.
     */
    public static CanonicalWeights random(DecoderConfig c, long seed, double std) {
        java.util.Random random = new java.util.Random(seed);
        CanonicalWeights w = new CanonicalWeights();
        for (Map.Entry<String, long[]> e : expectedShapes(c).entrySet()) {
            if (e.getKey().equals(UNEMBED) && c.tieEmbeddings()) {
                continue;
            }
            float[] data = new float[Math.toIntExact(HostTensor.numel(e.getValue()))];
            boolean gain = e.getKey().endsWith("ln1.w") || e.getKey().endsWith("ln2.w") || e.getKey().equals(FINAL_NORM_W);
            boolean bias = e.getValue().length == 1 && !gain;
            for (int i = 0; i < data.length; i++) {
                double g = random.nextGaussian();
                data[i] = (float) (gain ? 1 + 0.1 * std * g : bias ? 0.1 * std * g : std * g);
            }
            w.put(e.getKey(), new HostTensor(e.getValue(), data));
        }
        if (c.tieEmbeddings()) {
            w.put(UNEMBED, w.get(EMBED));
        }
        return w;
    }

    /** Fails naming the first missing or misshapen weight. */
    void validate(DecoderConfig c) {
        for (Map.Entry<String, long[]> e : expectedShapes(c).entrySet()) {
            HostTensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new CheckpointException("missing weight '" + e.getKey() + "' with shape " + Arrays.toString(e.getValue()));
            }
            if (!t.hasShape(e.getValue())) {
                throw new CheckpointException("weight '" + e.getKey() + "': expected shape " + Arrays.toString(e.getValue())
                        + " but found " + Arrays.toString(t.shape()));
            }
        }
    }
}
