package io.modewatch.attributor;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.common.loop.Outcome;
import io.modewatch.models.lm.Signature;
import io.modewatch.models.lm.TeacherForcedSequence;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.SampledContinuation;
import io.modewatch.schema.SamplingParameters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributeBatchFunctionTest {

    /** One token per word; vocabulary of 50; context of 12; unit j of the signature = prefix length + j. */
    private static class FakeModel implements SignatureModel {
        final List<Integer> callSizes = new ArrayList<>();

        @Override
        public int[] tokenize(String text) {
            return text.isBlank() ? new int[0]
                    : java.util.Arrays.stream(text.trim().split("\\s+")).mapToInt(w -> Math.abs(w.hashCode()) % 50).toArray();
        }

        @Override
        public int maxPositions() {
            return 12;
        }

        @Override
        public int vocabularySize() {
            return 50;
        }

        @Override
        public List<Signature> attribute(List<TeacherForcedSequence> sequences) {
            callSizes.add(sequences.size());
            return sequences.stream().map(s -> new Signature(2, 8, 0, new int[] {1, s.prefixIds().length + 3},
                    new float[] {0.6f, -0.8f}, 2.5, 3.0)).toList();
        }
    }

    static SampledContinuation continuation(String id, String modelId, String version, String prefix, List<Integer> tokens) {
        List<Float> logProbs = tokens.stream().map(t -> -0.5f).toList();
        return SampledContinuation.newBuilder().setContinuationId(id).setPromptId("p").setScope("door-code")
                .setSampleIndex(0).setModelId(modelId).setModelVersion(version).setPrefix(prefix)
                .setContinuation("the code is").setTokenIds(tokens).setTokenLogprobs(logProbs).setWeight(0.61)
                .setSampling(SamplingParameters.newBuilder().setTemperature(1).setTopP(0.9).setMaxNewTokens(20)
                        .setSeed(1).build())
                .setPromptTimestamp(Instant.parse("2026-11-26T11:00:00Z"))
                .setSampledTimestamp(Instant.parse("2026-11-26T11:00:02Z")).setAttributes(Map.of()).build();
    }

    private static SampledContinuation ok(String id) {
        return continuation(id, "m", "v1", "q : the red door ? a :", List.of(3, 4, 5));
    }

    private static AttributeBatchFunction function(SignatureModel model) {
        return new AttributeBatchFunction(model, "m", "v1", "continuation-signatures");
    }

    @Test
    void oneModelCallAttributesTheWholeBatchAndEachSignatureCarriesTheContinuationsFields() {
        FakeModel model = new FakeModel();
        var outcomes = function(model).apply(List.of(ok("p/0"), ok("p/1")));
        assertThat(model.callSizes).containsExactly(2);
        var out = ((Outcome.Produced<String, ContinuationSignature>) outcomes.get(0)).outputs().get(0);
        assertThat(out.topic()).isEqualTo("continuation-signatures");
        assertThat(out.key()).as("keyed by scope, so the clusterer pairs it in the scope's task").isEqualTo("door-code");
        ContinuationSignature s = out.value();
        assertThat(s.getContinuationId()).isEqualTo("p/0");
        assertThat(s.getScope()).isEqualTo("door-code");
        assertThat(s.getModelId()).isEqualTo("m");
        assertThat(s.getModelVersion()).isEqualTo("v1");
        assertThat(s.getSignatureSpaceId()).as("the layout travels with the signature").isEqualTo("mlp-neurons:L2xN8");
        assertThat(s.getDimension()).isEqualTo(16);
        assertThat(s.getIndices()).as("the prefix has 8 words").containsExactly(1, 11);
        assertThat(s.getValues()).containsExactly(0.6f, -0.8f);
        assertThat(s.getTargetValue()).isEqualTo(2.5);
        assertThat(s.getWeight()).isEqualTo(0.61);
        assertThat(s.getTimestamp()).isEqualTo(Instant.parse("2026-11-26T11:00:02Z"));
    }

    @Test
    void aContinuationOfAnotherModelIdOrVersionIsDeadLetteredWithBothIdsInTheReason() {
        var outcomes = function(new FakeModel()).apply(List.of(
                continuation("a", "other-model", "v1", "q :", List.of(1)),
                continuation("b", "m", "v2", "q :", List.of(1)),
                ok("c")));
        assertThat(((Outcome.Failed<?, ?>) outcomes.get(0)).reason()).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("'other-model' version 'v1'").hasMessageContaining("'m' version 'v1'");
        assertThat(((Outcome.Failed<?, ?>) outcomes.get(1)).reason()).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("'m' version 'v2'").hasMessageContaining("'m' version 'v1'");
        assertThat(outcomes.get(2)).isInstanceOf(Outcome.Produced.class);
    }

    @Test
    void continuationsTheModelCannotTeacherForceAreDeadLetteredWithTheReason() {
        var outcomes = function(new FakeModel()).apply(List.of(
                continuation("empty", "m", "v1", "q :", List.of()),
                continuation("vocab", "m", "v1", "q :", List.of(3, 50)),
                continuation("no-prefix", "m", "v1", "  ", List.of(3)),
                continuation("long", "m", "v1", "a b c d e f g h i j", List.of(1, 2, 3))));
        assertThat(outcomes).extracting(o -> ((Outcome.Failed<?, ?>) o).reason().getMessage())
                .satisfiesExactly(
                        m -> assertThat(m).contains("no tokens"),
                        m -> assertThat(m).contains("token id 50"),
                        m -> assertThat(m).contains("prefix without tokens"),
                        m -> assertThat(m).contains("context of 12"));
    }

    @Test
    void whenTheBatchCallFailsEachContinuationIsTriedAloneSoOnlyTheCulpritFails() {
        FakeModel model = new FakeModel() {
            @Override
            public List<Signature> attribute(List<TeacherForcedSequence> sequences) {
                if (sequences.stream().anyMatch(s -> s.continuationIds()[0] == 9)) {
                    throw new IllegalStateException("backward pass failed");
                }
                return super.attribute(sequences);
            }
        };
        var outcomes = function(model).apply(List.of(ok("a"), continuation("b", "m", "v1", "q :", List.of(9)), ok("c")));
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Produced.class);
        assertThat(((Outcome.Failed<?, ?>) outcomes.get(1)).reason()).hasMessageContaining("backward pass failed");
        assertThat(outcomes.get(2)).isInstanceOf(Outcome.Produced.class);
    }

    @Test
    void aNonFiniteSignatureIsAProcessingFailure() {
        FakeModel model = new FakeModel() {
            @Override
            public List<Signature> attribute(List<TeacherForcedSequence> sequences) {
                return List.of(new Signature(1, 4, 0, new int[] {0}, new float[] {Float.NaN}, 1.0, 1.0));
            }
        };
        var outcome = function(model).apply(List.of(ok("a"))).get(0);
        assertThat(((Outcome.Failed<?, ?>) outcome).reason()).isNotInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("NaN");
    }
}
