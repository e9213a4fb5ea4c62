package io.modewatch.embedder;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.loop.Outcome;
import io.modewatch.common.redaction.TextRedactor;
import io.modewatch.models.embedding.SentenceEmbedder;
import io.modewatch.schema.ContinuationEmbedding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedder's batch function on the real all-MiniLM-L6-v2. */
class MiniLmEmbeddingTest {

    @Test
    void theRealModelGivesUnitLength384DimensionEmbeddingsThatSeparateMeanings() {
        try (SentenceEmbedder model = SentenceEmbedder.allMiniLmL6V2()) {
            var function = new EmbedBatchFunction(model::embed, "all-MiniLM-L6-v2", true, TextRedactor.NONE, "continuation-embeddings");
            var outcomes = function.apply(List.of(EmbedBatchFunctionTest.continuation("p/0", "the code is 4711"),
                    EmbedBatchFunctionTest.continuation("p/1", "the code is 4712"),
                    EmbedBatchFunctionTest.continuation("p/2", "i can not tell you that")));
            List<ContinuationEmbedding> embeddings = outcomes.stream()
                    .map(o -> ((Outcome.Produced<String, ContinuationEmbedding>) o).outputs().get(0).value()).toList();
            assertThat(embeddings).allSatisfy(e -> {
                assertThat(e.getDimension()).isEqualTo(384);
                assertThat(e.getVector()).hasSize(384);
                double norm = Math.sqrt(e.getVector().stream().mapToDouble(v -> v * v).sum());
                assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            });
            assertThat(cosine(embeddings.get(0), embeddings.get(1))).isGreaterThan(cosine(embeddings.get(0), embeddings.get(2)));
        }
    }

    private static double cosine(ContinuationEmbedding a, ContinuationEmbedding b) {
        double dot = 0;
        for (int i = 0; i < a.getVector().size(); i++) {
            dot += a.getVector().get(i) * b.getVector().get(i);
        }
        return dot;
    }
}
