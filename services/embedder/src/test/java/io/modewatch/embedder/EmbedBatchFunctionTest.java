package io.modewatch.embedder;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.common.loop.Outcome;
import io.modewatch.common.redaction.TextRedactor;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.SampledContinuation;
import io.modewatch.schema.SamplingParameters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbedBatchFunctionTest {

    static SampledContinuation continuation(String id, String text) {
        return SampledContinuation.newBuilder().setContinuationId(id).setPromptId("p").setScope("door-code")
                .setSampleIndex(0).setModelId("m").setModelVersion("v").setPrefix("q : the red door ? a :")
                .setContinuation(text).setTokenIds(List.of(1, 2)).setTokenLogprobs(List.of(-0.1f, -0.2f))
                .setWeight(0.86)
                .setSampling(SamplingParameters.newBuilder().setTemperature(1).setTopP(0.9).setMaxNewTokens(20)
                        .setSeed(7).build())
                .setPromptTimestamp(Instant.parse("2026-11-26T11:00:00Z"))
                .setSampledTimestamp(Instant.parse("2026-11-26T11:00:01Z"))
                .setAttributes(Map.of("variant", "plain")).build();
    }

    private static float[] unit(String text) {
        return new float[] {0.6f, text.length() % 2 == 0 ? 0.8f : -0.8f};
    }

    @Test
    void oneModelCallEmbedsTheWholeBatchAndEachEmbeddingCarriesTheContinuationsFields() {
        List<Integer> callSizes = new ArrayList<>();
        var function = new EmbedBatchFunction(texts -> {
            callSizes.add(texts.size());
            return texts.stream().map(EmbedBatchFunctionTest::unit).toArray(float[][]::new);
        }, "fake-embedder", true, TextRedactor.NONE, "continuation-embeddings");
        var outcomes = function.apply(List.of(continuation("p/0", "the code is 1234"), continuation("p/1", "ask the guard")));
        assertThat(callSizes).containsExactly(2);
        var out = ((Outcome.Produced<String, ContinuationEmbedding>) outcomes.get(1)).outputs().get(0);
        assertThat(out.topic()).isEqualTo("continuation-embeddings");
        assertThat(out.key()).as("keyed by scope, so the clusterer pairs it in the scope's task").isEqualTo("door-code");
        ContinuationEmbedding e = out.value();
        assertThat(e.getContinuationId()).isEqualTo("p/1");
        assertThat(e.getScope()).isEqualTo("door-code");
        assertThat(e.getEmbedderId()).isEqualTo("fake-embedder");
        assertThat(e.getDimension()).isEqualTo(2);
        assertThat(e.getVector()).containsExactly(0.6f, -0.8f);
        assertThat(e.getWeight()).isEqualTo(0.86);
        assertThat(e.getTimestamp()).isEqualTo(Instant.parse("2026-11-26T11:00:01Z"));
        assertThat(e.getText()).isEqualTo("ask the guard");
        assertThat(e.getAttributes()).containsEntry("variant", "plain");
    }

    @Test
    void theForwardedTextIsRedactedWhileTheModelEmbedsTheOriginal() {
        List<String> embedded = new ArrayList<>();
        var function = new EmbedBatchFunction(texts -> {
            embedded.addAll(texts);
            return texts.stream().map(EmbedBatchFunctionTest::unit).toArray(float[][]::new);
        }, "fake", true, TextRedactor.from(Map.of("MODEWATCH_REDACT_PATTERNS", "\\b\\d{4}\\b")),
                "continuation-embeddings");
        var outputs = function.apply(List.of(continuation("p/0", "the code is 1234"), continuation("p/1", "no code")));
        var redacted = ((Outcome.Produced<String, ContinuationEmbedding>) outputs.get(0)).outputs().get(0).value();
        var untouched = ((Outcome.Produced<String, ContinuationEmbedding>) outputs.get(1)).outputs().get(0).value();
        assertThat(embedded).containsExactly("the code is 1234", "no code");
        assertThat(redacted.getText()).isEqualTo("the code is [REDACTED]");
        assertThat(redacted.getAttributes()).containsEntry("modewatch.redacted", "true");
        assertThat(untouched.getText()).isEqualTo("no code");
        assertThat(untouched.getAttributes()).doesNotContainKey("modewatch.redacted");
    }

    @Test
    void theTextIsLeftOutWhenNotForwarded() {
        var function = new EmbedBatchFunction(texts -> texts.stream().map(EmbedBatchFunctionTest::unit)
                .toArray(float[][]::new), "fake", false, TextRedactor.NONE, "continuation-embeddings");
        var e = ((Outcome.Produced<String, ContinuationEmbedding>) function.apply(List.of(continuation("p/0", "x")))
                .get(0)).outputs().get(0).value();
        assertThat(e.getText()).isNull();
    }

    @Test
    void anEmptyTextOrATextThatBreaksTheModelFailsAloneAndTheRestAreEmbedded() {
        var function = new EmbedBatchFunction(texts -> {
            if (texts.contains("poison")) {
                throw new IllegalStateException("the model cannot take 'poison'");
            }
            return texts.stream().map(EmbedBatchFunctionTest::unit).toArray(float[][]::new);
        }, "fake", true, TextRedactor.NONE, "continuation-embeddings");
        var outcomes = function.apply(List.of(continuation("a", "fine"), continuation("b", " "),
                continuation("c", "poison"), continuation("d", "also fine")));
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Produced.class);
        assertThat(((Outcome.Failed<?, ?>) outcomes.get(1)).reason()).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("empty text");
        assertThat(((Outcome.Failed<?, ?>) outcomes.get(2)).reason()).hasMessageContaining("poison");
        assertThat(outcomes.get(3)).isInstanceOf(Outcome.Produced.class);
    }

    @Test
    void aNonFiniteVectorIsAProcessingFailure() {
        var function = new EmbedBatchFunction(texts -> new float[][] {{Float.NaN, 1f}}, "fake", true,
                TextRedactor.NONE, "continuation-embeddings");
        var outcome = function.apply(List.of(continuation("a", "x"))).get(0);
        assertThat(((Outcome.Failed<?, ?>) outcome).reason()).hasMessageContaining("NaN");
    }
}
