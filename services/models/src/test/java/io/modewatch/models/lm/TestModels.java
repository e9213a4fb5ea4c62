package io.modewatch.models.lm;

import io.modewatch.models.world.WordLevelVocabulary;
import java.util.ArrayList;
import java.util.List;

/** Small random models of both families over a 40-word vocabulary, built in memory. */
final class TestModels {

    static final WordLevelVocabulary VOCABULARY = vocabulary();

    private TestModels() {}

    private static WordLevelVocabulary vocabulary() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 36; i++) {
            words.add("w" + i);
        }
        words.add(".");
        return new WordLevelVocabulary(words);
    }

    static DecoderConfig gpt2Config() {
        return DecoderConfig.gpt2(VOCABULARY.size(), 32, 2, 4, 64).withSpecialTokens(-1, VOCABULARY.id(WordLevelVocabulary.EOS));
    }

    /** Qwen2-shaped: grouped-query attention (4 query heads over 2 kv heads), q/k/v biases, SwiGLU, untied head. */
    static DecoderConfig llamaConfig() {
        return DecoderConfig.llama(VOCABULARY.size(), 32, 2, 4, 2, 48, 64, true, false)
                .withSpecialTokens(-1, VOCABULARY.id(WordLevelVocabulary.EOS));
    }

    static DecoderLm model(DecoderConfig config, long seed) {
        return DecoderLm.fromWeights(config, CanonicalWeights.random(config, seed, 0.3),
                TextTokenizer.fromJson(VOCABULARY.tokenizerJson()));
    }

    static int[] randomIds(java.util.Random random, int length) {
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 3 + random.nextInt(36);
        }
        return ids;
    }
}
