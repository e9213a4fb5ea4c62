package io.modewatch.models.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.modewatch.models.checkpoint.CheckpointException;
import io.modewatch.models.checkpoint.HostTensor;
import io.modewatch.models.checkpoint.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A decoder-only language model loaded from a Hugging Face checkpoint directory
 * ({@code config.json}, {@code *.safetensors}, {@code tokenizer.json}); never from a hub. Load it
 * once per JVM and share it: it is safe for one caller at a time per thread (each call opens and
 * closes its own step manager).
 */
public final class DecoderLm implements AutoCloseable {

    /** The engine is named explicitly: OnnxRuntime is also on the classpath and cannot run these ops. */
    static final String ENGINE = "PyTorch";

    private final NDManager manager;
    private final DecoderWeights weights;
    private final TextTokenizer tokenizer;

    private DecoderLm(NDManager manager, DecoderWeights weights, TextTokenizer tokenizer) {
        this.manager = manager;
        this.weights = weights;
        this.tokenizer = tokenizer;
    }

    public static DecoderLm load(Path directory) {
        Path configFile = directory.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new CheckpointException("not a checkpoint directory (no config.json): " + directory);
        }
        DecoderConfig config = DecoderConfig.read(configFile);
        Map<String, HostTensor> tensors = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> shards = files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
            if (shards.isEmpty()) {
                throw new CheckpointException("no *.safetensors file in " + directory);
            }
            for (Path shard : shards) {
                tensors.putAll(SafetensorsFile.read(shard));
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        CanonicalWeights canonical = CheckpointLayout.of(config.family()).read(tensors, config);
        return fromWeights(config, canonical, TextTokenizer.load(directory.resolve("tokenizer.json")));
    }

    /** A model from weights held in memory (tests, the trainer). Takes ownership of the tokenizer. */
    public static DecoderLm fromWeights(DecoderConfig config, CanonicalWeights weights, TextTokenizer tokenizer) {
        NDManager manager = Engine.getEngine(ENGINE).newBaseManager();
        try {
            return new DecoderLm(manager, new DecoderWeights(config, weights, manager, false), tokenizer);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Writes config.json, model.safetensors and tokenizer.json in Hugging Face layout. */
    public void save(Path directory) {
        write(directory, weights.config(), weights.toHost(), tokenizer.json());
    }

    static void write(Path directory, DecoderConfig config, CanonicalWeights weights, String tokenizerJson) {
        try {
            Files.createDirectories(directory);
            config.write(directory.resolve("config.json"));
            SafetensorsFile.write(directory.resolve("model.safetensors"), CheckpointLayout.of(config.family()).write(weights, config));
            Files.writeString(directory.resolve("tokenizer.json"), tokenizerJson);
        } catch (IOException e) {
            throw new CheckpointException("cannot write checkpoint to " + directory + ": " + e.getMessage(), e);
        }
    }

    public DecoderConfig config() {
        return weights.config();
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** Next-token logits at every position of one sequence, [position][vocab]. */
    public float[][] logits(int[] ids) {
        try (NDManager step = manager.newSubManager()) {
            StepConstants k = new StepConstants(step);
            DecoderForward forward = new DecoderForward(weights);
            ChunkLayout chunk = ChunkLayout.rightPadded(1, ids.length, new int[] {ids.length});
            NDArray logits = forward.logits(forward.hidden(new int[][] {ids}, chunk, null, ForwardHooks.NONE, k), step);
            float[] flat = logits.toFloatArray();
            int v = config().vocabSize();
            float[][] out = new float[ids.length][v];
            for (int t = 0; t < ids.length; t++) {
                System.arraycopy(flat, t * v, out[t], 0, v);
            }
            return out;
        }
    }

    /** Every layer's MLP hidden activation and residual stream for one sequence, under an optional steering. */
    public Activations activations(int[] ids, Steering steering) {
        try (NDManager step = manager.newSubManager()) {
            CaptureHooks capture = new CaptureHooks(config().layers());
            ChunkLayout chunk = ChunkLayout.rightPadded(1, ids.length, new int[] {ids.length});
            new DecoderForward(weights).hidden(new int[][] {ids}, chunk, null,
                    SteeringHooks.of(steering, config()).then(capture), new StepConstants(step));
            return capture.result();
        }
    }

    NDManager manager() {
        return manager;
    }

    DecoderWeights weights() {
        return weights;
    }

    @Override
    public void close() {
        weights.close();
        tokenizer.close();
        manager.close();
    }
}
