package io.modewatch.models.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/** Applies a {@link Steering} inside the forward pass; the multipliers and shifts are step-owned constants. */
final class SteeringHooks implements ForwardHooks {

    private final Steering steering;
    private final DecoderConfig config;
    private final Transcoders transcoders;

    SteeringHooks(Steering steering, DecoderConfig config, Transcoders transcoders) {
        if (!steering.featureRescales().isEmpty() && transcoders == null) {
            throw new IllegalArgumentException("feature steering needs the transcoders: build the Attributor or Generator with them");
        }
        this.steering = steering;
        this.config = config;
        this.transcoders = transcoders;
    }

    static ForwardHooks of(Steering steering, DecoderConfig config) {
        return of(steering, config, null);
    }

    static ForwardHooks of(Steering steering, DecoderConfig config, Transcoders transcoders) {
        return steering == null || steering.isNone() ? ForwardHooks.NONE : new SteeringHooks(steering, config, transcoders);
    }

    @Override
    public NDArray mlpOutput(int layer, NDArray mlpInput, NDArray output, ChunkLayout chunk, StepConstants k) {
        if (transcoders == null || !transcoders.covers(layer)) {
            return output;
        }
        float[] factors = factors(transcoders.features(), steering.featureRescales().stream()
                .filter(r -> r.layer() == layer).map(r -> new float[] {r.feature(), r.factor()}).toList());
        if (factors == null) {
            return output;
        }
        // (factor - 1) * f * W_dec: the feature's contribution rescaled, at the steered positions only.
        float[] change = multiplier(chunk, factors);
        for (int i = 0; i < change.length; i++) {
            change[i] -= 1f;
        }
        NDArray coefficients = k.manager().create(change, new Shape(chunk.batch(), chunk.length(), factors.length));
        return output.add(transcoders.decode(layer, transcoders.activations(layer, mlpInput).mul(coefficients)));
    }

    @Override
    public NDArray mlpHidden(int layer, NDArray hidden, ChunkLayout chunk, StepConstants k) {
        int ffn = config.intermediateSize();
        float[] factors = factors(ffn, steering.rescales().stream()
                .filter(r -> r.layer() == layer).map(r -> new float[] {r.neuron(), r.factor()}).toList());
        NDArray out = hidden;
        if (factors != null) {
            out = out.mul(k.manager().create(multiplier(chunk, factors), new Shape(chunk.batch(), chunk.length(), ffn)));
        }
        return shift(layer, Steering.Site.MLP_HIDDEN, out, chunk, k);
    }

    @Override
    public NDArray attentionHeads(int layer, NDArray context, ChunkLayout chunk, StepConstants k) {
        int heads = config.heads();
        int hd = config.headDim();
        float[] factors = factors(heads, steering.headRescales().stream()
                .filter(r -> r.layer() == layer).map(r -> new float[] {r.head(), r.factor()}).toList());
        if (factors == null) {
            return context;
        }
        float[] perColumn = new float[heads * hd];
        for (int h = 0; h < heads; h++) {
            Arrays.fill(perColumn, h * hd, (h + 1) * hd, factors[h]);
        }
        return context.mul(k.manager().create(multiplier(chunk, perColumn), new Shape(chunk.batch(), chunk.length(), heads * hd)));
    }

    /** Per-index factors from (index, factor) pairs of one layer; null when the layer is not rescaled. */
    private static float[] factors(int width, List<float[]> indexAndFactor) {
        if (indexAndFactor.isEmpty()) {
            return null;
        }
        float[] factors = new float[width];
        Arrays.fill(factors, 1f);
        for (float[] r : indexAndFactor) {
            factors[(int) r[0]] *= r[1];
        }
        return factors;
    }

    /** [batch, chunk, width] factors: the per-column factors where the steering acts, 1 elsewhere. */
    private float[] multiplier(ChunkLayout chunk, float[] factors) {
        int width = factors.length;
        float[] multiplier = new float[chunk.batch() * chunk.length() * width];
        for (int b = 0; b < chunk.batch(); b++) {
            for (int t = 0; t < chunk.length(); t++) {
                int base = (b * chunk.length() + t) * width;
                if (steering.positions().includes(chunk.prefix()[b][t])) {
                    System.arraycopy(factors, 0, multiplier, base, width);
                } else {
                    Arrays.fill(multiplier, base, base + width, 1f);
                }
            }
        }
        return multiplier;
    }

    @Override
    public NDArray residual(int layer, NDArray stream, ChunkLayout chunk, StepConstants k) {
        return shift(layer, Steering.Site.RESIDUAL, stream, chunk, k);
    }

    private NDArray shift(int layer, Steering.Site site, NDArray x, ChunkLayout chunk, StepConstants k) {
        NDArray out = x;
        for (Steering.LayerShift s : steering.shifts()) {
            if (s.layer() != layer || s.site() != site) {
                continue;
            }
            int width = s.vector().length;
            float[] added = new float[chunk.batch() * chunk.length() * width];
            for (int b = 0; b < chunk.batch(); b++) {
                for (int t = 0; t < chunk.length(); t++) {
                    if (steering.positions().includes(chunk.prefix()[b][t])) {
                        System.arraycopy(s.vector(), 0, added, (b * chunk.length() + t) * width, width);
                    }
                }
            }
            out = out.add(k.manager().create(added, new Shape(chunk.batch(), chunk.length(), width)));
        }
        return out;
    }
}
