package io.modewatch.models.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SentenceEmbedderTest {

    private static SentenceEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = SentenceEmbedder.allMiniLmL6V2();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    @Test
    void embeddingsHave384UnitLengthDimensions() {
        float[][] e = embedder.embed(List.of("the code is 4 1 7", "a much longer sentence about the weather in spring"));
        assertThat(e).hasNumberOfRows(2);
        for (float[] v : e) {
            assertThat(v).hasSize(384);
            assertThat(cosine(v, v)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void paraphrasesAreCloserThanUnrelatedSentences() {
        float[][] e = embedder.embed(List.of(
                "The cat sat on the mat.",
                "A cat was sitting on the rug.",
                "Interest rates rose sharply in the third quarter."));
        assertThat(cosine(e[0], e[1])).isGreaterThan(cosine(e[0], e[2]) + 0.3);
    }

    @Test
    void batchingDoesNotChangeAnEmbedding() {
        float[] alone = embedder.embed(List.of("ask the guard"))[0];
        float[] batched = embedder.embed(List.of("a longer sentence that forces padding of the short one", "ask the guard"))[1];
        assertThat(cosine(alone, batched)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void identicalTextsHaveIdenticalEmbeddings() {
        float[][] e = embedder.embed(List.of("the code is 4 1 7", "the code is 4 1 7"));
        assertThat(e[0]).containsExactly(e[1]);
    }
}
