package io.modewatch.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.common.loop.Outcome;
import io.modewatch.models.lm.Continuation;
import io.modewatch.schema.PromptEvent;
import io.modewatch.schema.SampledContinuation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SampleBatchFunctionTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    /** Sample i is "text-i" with one token per character of i, except that sample 2 is empty. */
    private static class FakeModel implements ContinuationSource {
        final List<Long> seeds = new ArrayList<>();

        @Override
        public List<Continuation> sample(String prompt, int count, long seed) {
            if (prompt.contains("too long")) {
                throw new InvalidRecordException("the prompt has 99 tokens");
            }
            seeds.add(seed);
            List<Continuation> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int[] tokens = i == 2 ? new int[0] : new int[] {i + 1, 7};
                float[] logProbs = i == 2 ? new float[0] : new float[] {-0.5f, -1.5f};
                out.add(new Continuation(prompt, new int[] {1}, tokens, i == 2 ? "" : "text-" + i, logProbs,
                        i == 2 ? 1.0 : Math.exp(-1.0), "stop"));
            }
            return out;
        }
    }

    private static PromptEvent prompt(String id, String text) {
        return PromptEvent.newBuilder().setPromptId(id).setPrompt(text).setScope("door-code")
                .setTimestamp(Instant.parse("2026-11-26T11:59:00Z")).setAttributes(Map.of("variant", "plain")).build();
    }

    private static SampleBatchFunction function(Map<String, String> extra, FakeModel model, SamplerCounts counts) {
        Map<String, String> env = SamplerConfigTest.env("MODEWATCH_CONTINUATIONS_PER_PROMPT", "4");
        env.putAll(extra);
        return new SampleBatchFunction(SamplerConfig.from(env), model, counts, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void eachSampledPromptGivesOneContinuationPerNonEmptySampleKeyedByPromptIdAndIndex() {
        var counts = new SamplerCounts();
        var outcomes = function(Map.of(), new FakeModel(), counts).apply(List.of(prompt("p-1", "q : the red door ?")));
        assertThat(outcomes).hasSize(1);
        var outputs = ((Outcome.Produced<String, SampledContinuation>) outcomes.get(0)).outputs();
        assertThat(outputs).extracting(Outcome.Output::key).containsExactly("p-1/0", "p-1/1", "p-1/3");
        assertThat(outputs).allSatisfy(o -> assertThat(o.topic()).isEqualTo("llm-continuations"));
        SampledContinuation first = outputs.get(0).value();
        assertThat(first.getContinuationId()).isEqualTo("p-1/0");
        assertThat(first.getPromptId()).isEqualTo("p-1");
        assertThat(first.getScope()).isEqualTo("door-code");
        assertThat(first.getSampleIndex()).isZero();
        assertThat(first.getModelId()).isEqualTo(SamplerConfig.BUILTIN_MODEL_ID);
        assertThat(first.getModelVersion()).isEqualTo(SamplerConfig.BUILTIN_MODEL_VERSION);
        assertThat(first.getPrefix()).isEqualTo("q : the red door ?");
        assertThat(first.getContinuation()).isEqualTo("text-0");
        assertThat(first.getTokenIds()).containsExactly(1, 7);
        assertThat(first.getTokenLogprobs()).containsExactly(-0.5f, -1.5f);
        assertThat(first.getWeight()).isEqualTo(Math.exp(-1.0));
        assertThat(first.getSampling().getTemperature()).isEqualTo(1.0);
        assertThat(first.getSampling().getTopP()).isEqualTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(first.getSampling().getMaxNewTokens()).isEqualTo(20);
        assertThat(first.getSampling().getSeed()).isEqualTo(PromptIdHash.seed("p-1", 0));
        assertThat(first.getPromptTimestamp()).isEqualTo(Instant.parse("2026-11-26T11:59:00Z"));
        assertThat(first.getSampledTimestamp()).isEqualTo(NOW);
        assertThat(first.getAttributes()).containsEntry("variant", "plain").containsEntry("modewatch.finish", "stop")
                .doesNotContainKey("modewatch.redacted");
        assertThat(counts.emptyContinuations()).isEqualTo(1);
    }

    @Test
    void theGenerationSeedIsDerivedFromThePromptIdSoAReplaySamplesTheSame() {
        FakeModel first = new FakeModel();
        FakeModel again = new FakeModel();
        var batch = List.of(prompt("a", "x"), prompt("b", "y"));
        function(Map.of(), first, new SamplerCounts()).apply(batch);
        function(Map.of(), again, new SamplerCounts()).apply(List.of(batch.get(1), batch.get(0)));
        assertThat(first.seeds).containsExactly(PromptIdHash.seed("a", 0), PromptIdHash.seed("b", 0));
        assertThat(again.seeds).containsExactly(PromptIdHash.seed("b", 0), PromptIdHash.seed("a", 0));
    }

    @Test
    void unsampledPromptsProduceNothingAndAreCounted() {
        var counts = new SamplerCounts();
        var outcomes = function(Map.of("MODEWATCH_SAMPLE_FRACTION", "0"), new FakeModel(), counts)
                .apply(List.of(prompt("p-1", "x"), prompt("p-2", "y")));
        assertThat(outcomes).allSatisfy(o -> assertThat(((Outcome.Produced<?, ?>) o).outputs()).isEmpty());
        assertThat(counts.decisions(SamplingDecision.NOT_IN_FRACTION)).isEqualTo(2);
    }

    @Test
    void theStoredPrefixIsRedactedButTheModelSeesTheOriginalPrompt() {
        List<String> seenByModel = new ArrayList<>();
        FakeModel model = new FakeModel() {
            @Override
            public List<Continuation> sample(String prompt, int count, long seed) {
                seenByModel.add(prompt);
                return super.sample(prompt, count, seed);
            }
        };
        var outcomes = function(Map.of("MODEWATCH_REDACT_PATTERNS", "\\d{4}"), model, new SamplerCounts())
                .apply(List.of(prompt("p-1", "note : the code is 4711 .")));
        var value = ((Outcome.Produced<String, SampledContinuation>) outcomes.get(0)).outputs().get(0).value();
        assertThat(value.getPrefix()).isEqualTo("note : the code is [REDACTED] .");
        assertThat(value.getAttributes()).containsEntry("modewatch.redacted", "true");
        assertThat(seenByModel).containsExactly("note : the code is 4711 .");
    }

    @Test
    void aPromptTheModelCannotTakeFailsAloneWithTheReason() {
        var outcomes = function(Map.of(), new FakeModel(), new SamplerCounts())
                .apply(List.of(prompt("p-1", "fine"), prompt("p-2", "too long"), prompt("p-3", " ")));
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Produced.class);
        assertThat(((Outcome.Failed<?, ?>) outcomes.get(1)).reason()).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("99 tokens");
        assertThat(((Outcome.Failed<?, ?>) outcomes.get(2)).reason()).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("empty prompt text");
    }
}
