package io.modewatch.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.common.loop.Outcome;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.world.DoorWorld;
import io.modewatch.models.world.TinyWorldModel;
import io.modewatch.models.world.TrafficEvent;
import io.modewatch.schema.PromptEvent;
import io.modewatch.schema.SampledContinuation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sampler's batch function on the committed tiny model. */
class TinyModelSamplingTest {

    private static DecoderLm lm;

    @BeforeAll
    static void load() {
        lm = TinyWorldModel.loadCommitted();
    }

    @AfterAll
    static void close() {
        lm.close();
    }

    private static List<PromptEvent> worldPrompts(int count) {
        List<TrafficEvent> events = new DoorWorld(DoorWorld.DEFAULT_SEED).timeline(count, 1_700_000_000_000L, 1000);
        return events.stream().map(e -> PromptEvent.newBuilder().setPromptId("ev-" + e.sequence()).setPrompt(e.prompt())
                .setScope(e.scope()).setTimestamp(Instant.ofEpochMilli(e.eventTimeMs())).setAttributes(e.attributes())
                .build()).toList();
    }

    private static List<Outcome<String, SampledContinuation>> sample(List<PromptEvent> prompts) {
        SamplerConfig config = SamplerConfig.from(SamplerConfigTest.env("MODEWATCH_CONTINUATIONS_PER_PROMPT", "3"));
        var function = new SampleBatchFunction(config, new GeneratorContinuationSource(lm, config.generation()),
                new SamplerCounts(), Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC));
        return function.apply(prompts);
    }

    @Test
    void theRealModelGivesWellFormedContinuationsAndTheSameOnesOnReplay() {
        List<PromptEvent> prompts = worldPrompts(3);
        var first = sample(prompts);
        var replay = sample(prompts);

        assertThat(first).hasSize(3).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Produced.class));
        List<SampledContinuation> values = first.stream()
                .flatMap(o -> ((Outcome.Produced<String, SampledContinuation>) o).outputs().stream())
                .map(Outcome.Output::value).toList();
        assertThat(values).isNotEmpty().allSatisfy(c -> {
            assertThat(c.getWeight()).isGreaterThan(0).isLessThanOrEqualTo(1);
            assertThat(c.getTokenIds()).isNotEmpty().hasSameSizeAs(c.getTokenLogprobs());
            assertThat(c.getTokenLogprobs()).allSatisfy(lp -> assertThat(lp).isLessThanOrEqualTo(0f));
            assertThat(c.getContinuation()).isNotBlank().doesNotContain(".");
            assertThat(c.getTokenIds().size()).isLessThanOrEqualTo(20);
            assertThat(c.getAttributes()).containsKeys("variant", "mechanism", "modewatch.finish");
        });
        List<String> texts = values.stream().map(SampledContinuation::getContinuation).toList();
        List<String> replayTexts = replay.stream()
                .flatMap(o -> ((Outcome.Produced<String, SampledContinuation>) o).outputs().stream())
                .map(o -> o.value().getContinuation()).toList();
        assertThat(replayTexts).isEqualTo(texts);
    }

    @Test
    void aPromptLongerThanTheModelsContextIsDeadLetteredWithTheReason() {
        String tooLong = String.join(" ", java.util.Collections.nCopies(80, "door"));
        var outcomes = sample(List.of(PromptEvent.newBuilder().setPromptId("long").setPrompt(tooLong)
                .setTimestamp(Instant.EPOCH).setAttributes(Map.of()).build()));
        assertThat(((Outcome.Failed<?, ?>) outcomes.get(0)).reason()).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("exceeds the model's context");
    }
}
