package io.modewatch.models.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.modewatch.models.checkpoint.CheckpointException;
import io.modewatch.models.checkpoint.HostTensor;
import io.modewatch.models.checkpoint.SafetensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Per-layer transcoders (or MLP-output SAEs): features {@code f = ReLU(m W_enc + b_enc)} of the MLP
 * input m, decoded by {@code W_dec} into the MLP output. Attribution to a feature is
 * {@code f * (W_dec . dT/d mlp_out)} summed over source positions: the paper's
 * {@code <alpha_s W_dec[f], g>} with the true model's gradient (METHOD-NOTES §4.2-4.3).
 *
 * <p>A directory holds {@code layer_<i>.safetensors} per layer with {@code W_enc [hidden, F]},
 * {@code b_enc [F]} and {@code W_dec [F, hidden]} (circuit-tracer's names); layers without a file have
 * no features (their signature entries stay zero).
 */
public final class Transcoders implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] encoder;
    private final NDArray[] encoderBias;
    private final NDArray[] decoderTransposed;
    private final NDArray[] decoder;
    private final int features;

    private Transcoders(NDManager manager, int layers, int features) {
        this.manager = manager;
        this.encoder = new NDArray[layers];
        this.encoderBias = new NDArray[layers];
        this.decoderTransposed = new NDArray[layers];
        this.decoder = new NDArray[layers];
        this.features = features;
    }

    /** One {@code {W_enc, b_enc, W_dec}} per layer, null for a layer without features. */
    public record LayerWeights(HostTensor encoder, HostTensor encoderBias, HostTensor decoder) {}

    public static Transcoders load(DecoderLm lm, Path directory) {
        List<LayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < lm.config().layers(); i++) {
            Path file = directory.resolve("layer_" + i + ".safetensors");
            if (!Files.isRegularFile(file)) {
                layers.add(null);
                continue;
            }
            Map<String, HostTensor> t = SafetensorsFile.read(file);
            layers.add(new LayerWeights(require(t, file, "W_enc"), require(t, file, "b_enc"), require(t, file, "W_dec")));
        }
        return of(lm, layers);
    }

    public static Transcoders of(DecoderLm lm, List<LayerWeights> layers) {
        DecoderConfig c = lm.config();
        int features = layers.stream().filter(l -> l != null).mapToInt(l -> (int) l.encoderBias().shape()[0]).findFirst()
                .orElseThrow(() -> new CheckpointException("no transcoder layer given"));
        NDManager manager = lm.manager().newSubManager();
        Transcoders t = new Transcoders(manager, c.layers(), features);
        for (int i = 0; i < layers.size(); i++) {
            LayerWeights l = layers.get(i);
            if (l == null) {
                continue;
            }
            check(l.encoder(), "layer " + i + " W_enc", c.hiddenSize(), features);
            check(l.encoderBias(), "layer " + i + " b_enc", features);
            check(l.decoder(), "layer " + i + " W_dec", features, c.hiddenSize());
            t.encoder[i] = manager.create(l.encoder().data(), new Shape(l.encoder().shape()));
            t.encoderBias[i] = manager.create(l.encoderBias().data(), new Shape(l.encoderBias().shape()));
            t.decoder[i] = manager.create(l.decoder().data(), new Shape(l.decoder().shape()));
            t.decoderTransposed[i] = t.decoder[i].transpose().duplicate();
        }
        return t;
    }

    public int features() {
        return features;
    }

    boolean covers(int layer) {
        return encoder[layer] != null;
    }

    /** Feature activations [batch, chunk, F] of an MLP input; the input first so results stay in its manager. */
    NDArray activations(int layer, NDArray mlpInput) {
        NDArray pre = mlpInput.matMul(encoder[layer]).add(encoderBias[layer]);
        return pre.getNDArrayInternal().relu();
    }

    /** [batch, chunk, hidden] gradient projected onto each feature's decoder row: [batch, chunk, F]. */
    NDArray decoderProjection(int layer, NDArray gradient) {
        return gradient.matMul(decoderTransposed[layer]);
    }

    /** Decodes feature values [batch, chunk, F] into the MLP output space [batch, chunk, hidden]. */
    NDArray decode(int layer, NDArray features) {
        return features.matMul(decoder[layer]);
    }

    private static HostTensor require(Map<String, HostTensor> t, Path file, String name) {
        HostTensor x = t.get(name);
        if (x == null) {
            throw new CheckpointException(file + " is missing tensor '" + name + "'");
        }
        return x;
    }

    private static void check(HostTensor t, String name, long... expected) {
        if (!t.hasShape(expected)) {
            throw new CheckpointException("transcoder " + name + ": expected shape " + Arrays.toString(expected)
                    + " but found " + Arrays.toString(t.shape()));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
