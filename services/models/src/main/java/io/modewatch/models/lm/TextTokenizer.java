package io.modewatch.models.lm;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.modewatch.models.checkpoint.CheckpointException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A Hugging Face {@code tokenizer.json} from a local file, with ids as {@code int}. Special tokens are never added. */
public final class TextTokenizer implements AutoCloseable {

    private static final Map<String, String> OPTIONS =
            Map.of("addSpecialTokens", "false", "padding", "false", "truncation", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final String json;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, String json) {
        this.tokenizer = tokenizer;
        this.json = json;
    }

    public static TextTokenizer load(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new CheckpointException("missing tokenizer file " + tokenizerJson);
        }
        try {
            String json = Files.readString(tokenizerJson);
            HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(tokenizerJson, OPTIONS);
            return new TextTokenizer(t, json);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    /** A tokenizer from the text of a tokenizer.json (the trainer's word-level vocabulary). */
    public static TextTokenizer fromJson(String json) {
        try (java.io.InputStream in = new java.io.ByteArrayInputStream(json.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(in, OPTIONS), json);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException("cannot parse tokenizer.json: " + e.getMessage(), e);
        }
    }

    public int[] encode(String text) {
        long[] ids = tokenizer.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    public String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, true);
    }

    /** The tokenizer.json text, so a saved model carries the exact tokenizer it was loaded with. */
    public String json() {
        return json;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
