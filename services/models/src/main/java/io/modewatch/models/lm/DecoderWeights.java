package io.modewatch.models.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.modewatch.models.checkpoint.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model's weights as engine arrays, under canonical names, in one manager that lives as long as
 * the model. Trainable weights are leaves that require gradient; inference weights are not, so a
 * backward pass for attribution computes gradients for the probes only.
 */
final class DecoderWeights implements AutoCloseable {

    private final DecoderConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();
    private final boolean trainable;
    private final NDArray unembedTransposed;
    private final NDArray unembedMean;

    DecoderWeights(DecoderConfig config, CanonicalWeights host, NDManager parent, boolean trainable) {
        host.validate(config);
        this.config = config;
        this.manager = parent.newSubManager();
        this.trainable = trainable;
        for (Map.Entry<String, HostTensor> e : host.asMap().entrySet()) {
            if (e.getKey().equals(CanonicalWeights.UNEMBED) && config.tieEmbeddings()) {
                continue;
            }
            NDArray a = manager.create(e.getValue().data(), new Shape(e.getValue().shape()));
            if (trainable) {
                a.setRequiresGradient(true);
            }
            arrays.put(e.getKey(), a);
        }
        if (config.tieEmbeddings()) {
            arrays.put(CanonicalWeights.UNEMBED, arrays.get(CanonicalWeights.EMBED));
        }
        NDArray unembed = arrays.get(CanonicalWeights.UNEMBED);
        // Constants for inference: the transposed unembedding for logits, and the mean unembedding
        // row that turns a logit into a demeaned logit (h . (w_y - mean_v w_v)).
        this.unembedTransposed = trainable ? null : unembed.transpose().duplicate();
        this.unembedMean = unembed.mean(new int[] {0});
    }

    DecoderConfig config() {
        return config;
    }

    NDArray get(String name) {
        return arrays.get(name);
    }

    boolean has(String name) {
        return arrays.containsKey(name);
    }

    boolean trainable() {
        return trainable;
    }

    /** [hidden, vocab]; for trainable weights a fresh transpose owned by the step, so gradients reach the leaf. */
    NDArray unembedTransposed(NDManager step) {
        if (unembedTransposed != null) {
            return unembedTransposed;
        }
        NDArray t = arrays.get(CanonicalWeights.UNEMBED).transpose();
        t.attach(step);
        return t;
    }

    NDArray unembed() {
        return arrays.get(CanonicalWeights.UNEMBED);
    }

    /** Mean unembedding row [hidden]; a constant, refreshed by {@link #refreshConstants} after training. */
    NDArray unembedMean() {
        return unembedMean;
    }

    /** Distinct trainable leaves (tied embeddings appear once). */
    Map<String, NDArray> parameters() {
        Map<String, NDArray> out = new LinkedHashMap<>(arrays);
        if (config.tieEmbeddings()) {
            out.remove(CanonicalWeights.UNEMBED);
        }
        return out;
    }

    CanonicalWeights toHost() {
        CanonicalWeights host = new CanonicalWeights();
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            host.put(e.getKey(), new HostTensor(e.getValue().getShape().getShape(), e.getValue().toFloatArray()));
        }
        return host;
    }

    @Override
    public void close() {
        manager.close();
    }
}
