package io.modewatch.models.world;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whitespace word-level vocabulary written as a Hugging Face {@code tokenizer.json} (WordLevel
 * model, WhitespaceSplit pre-tokenizer, no decoder so decoding joins words with spaces). The tiny
 * model's tokenizer therefore loads through the same DJL tokenizer as a real checkpoint's.
 */
public final class WordLevelVocabulary {

    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String EOS = "<eos>";

    private final Map<String, Integer> ids = new LinkedHashMap<>();

    public WordLevelVocabulary(Collection<String> words) {
        for (String special : List.of(PAD, UNK, EOS)) {
            ids.put(special, ids.size());
        }
        for (String w : words) {
            ids.putIfAbsent(w, ids.size());
        }
    }

    public int size() {
        return ids.size();
    }

    public int id(String word) {
        Integer id = ids.get(word);
        if (id == null) {
            throw new IllegalArgumentException("word not in vocabulary: '" + word + "'");
        }
        return id;
    }

    public int[] encode(String text) {
        String[] words = text.strip().split("\\s+");
        int[] out = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = id(words[i]);
        }
        return out;
    }

    public List<String> words() {
        return new ArrayList<>(ids.keySet());
    }

    public String tokenizerJson() {
        JsonObject root = new JsonObject();
        root.addProperty("version", "1.0");
        root.add("truncation", null);
        root.add("padding", null);
        JsonArray added = new JsonArray();
        for (String special : List.of(PAD, UNK, EOS)) {
            JsonObject t = new JsonObject();
            t.addProperty("id", ids.get(special));
            t.addProperty("content", special);
            t.addProperty("single_word", false);
            t.addProperty("lstrip", false);
            t.addProperty("rstrip", false);
            t.addProperty("normalized", false);
            t.addProperty("special", true);
            added.add(t);
        }
        root.add("added_tokens", added);
        root.add("normalizer", null);
        JsonObject pre = new JsonObject();
        pre.addProperty("type", "WhitespaceSplit");
        root.add("pre_tokenizer", pre);
        root.add("post_processor", null);
        root.add("decoder", null);
        JsonObject model = new JsonObject();
        model.addProperty("type", "WordLevel");
        JsonObject vocab = new JsonObject();
        ids.forEach(vocab::addProperty);
        model.add("vocab", vocab);
        model.addProperty("unk_token", UNK);
        root.add("model", model);
        return new GsonBuilder().serializeNulls().setPrettyPrinting().create().toJson(root);
    }
}
