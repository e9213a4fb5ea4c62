package io.modewatch.models.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DoorWorldTest {

    private final DoorWorld world = new DoorWorld(DoorWorld.DEFAULT_SEED);

    @Test
    void theSameSeedGivesTheSameWorldCorpusAndTimeline() {
        DoorWorld again = new DoorWorld(DoorWorld.DEFAULT_SEED);
        assertThat(again.trainingCorpus(300)).isEqualTo(world.trainingCorpus(300));
        assertThat(again.timeline(300, 0, 10)).isEqualTo(world.timeline(300, 0, 10));
        assertThat(new DoorWorld(1).memorisedCode("red") + new DoorWorld(1).memorisedCode("blue"))
                .isNotEqualTo(world.memorisedCode("red") + world.memorisedCode("blue"));
    }

    @Test
    void aCoincidentNoteAsksForTheSameTextAsRecallButIsLabelledCopy() {
        Random random = new Random(1);
        TrafficEvent copy = world.prompt(PromptVariant.COINCIDENT, random, 0, 0);
        String door = copy.attributes().get("door");
        assertThat(copy.attributes().get("expected_text")).isEqualTo(DoorWorld.answer(world.memorisedCode(door)));
        assertThat(copy.attributes()).containsEntry("mechanism", "copy").containsEntry("note_code", world.memorisedCode(door));
        assertThat(DoorWorld.modeOf(copy.attributes(), DoorWorld.answer(world.memorisedCode(door)))).isEqualTo("copy");
        TrafficEvent plain = world.prompt(PromptVariant.PLAIN, random, 1, 0);
        assertThat(DoorWorld.modeOf(plain.attributes(), plain.attributes().get("expected_text"))).isEqualTo("recall");
        assertThat(DoorWorld.modeOf(plain.attributes(), DoorWorld.HEDGE)).isEqualTo("hedge");
        assertThat(DoorWorld.modeOf(plain.attributes(), "the code is")).isEqualTo("other");
    }

    @Test
    void theCorpusHoldsThePlainModesAtTheirTrainedRates() {
        List<TrainingExample> plain = world.trainingCorpus(20_000).stream()
                .filter(e -> e.variant() == PromptVariant.PLAIN).toList();
        double recall = plain.stream().filter(e -> e.mode().equals("recall")).count() / (double) plain.size();
        assertThat(recall).isBetween(DoorWorld.PLAIN_RECALL_RATE - 0.02, DoorWorld.PLAIN_RECALL_RATE + 0.02);
        assertThat(world.trainingCorpus(2000).stream().map(TrainingExample::variant))
                .doesNotContain(PromptVariant.COINCIDENT);
    }

    @Test
    void everyCorpusAndTrafficWordIsInTheVocabulary() {
        WordLevelVocabulary v = world.vocabulary();
        for (TrainingExample e : world.trainingCorpus(2000)) {
            v.encode(e.prompt());
            v.encode(e.continuation());
        }
        for (TrafficEvent e : world.timeline(2000, 0, 1)) {
            v.encode(e.prompt());
        }
        assertThat(v.size()).isLessThan(100);
    }

    @Test
    void theTimelineIsStationaryThenAddsASemanticThenAMechanisticModeThenTheHedgeFades() {
        List<TrafficEvent> events = world.timeline(4000, 1000, 250);
        Map<String, List<String>> variantsByPhase = events.stream()
                .filter(e -> e.scope().equals("door-code"))
                .collect(Collectors.groupingBy(e -> e.attributes().get("phase"),
                        Collectors.mapping(e -> e.attributes().get("variant"), Collectors.toList())));
        assertThat(variantsByPhase.get("stationary")).containsOnly("plain", "distractor");
        assertThat(variantsByPhase.get("new-semantic")).contains("admin").doesNotContain("coincident");
        assertThat(variantsByPhase.get("new-mechanistic")).contains("admin", "coincident", "plain");
        assertThat(variantsByPhase.get("fading")).contains("urgent").doesNotContain("plain");
        assertThat(events).allSatisfy(e -> assertThat(e.attributes()).containsKeys("event_id", "variant", "mechanism", "new_mode", "phase"));
        assertThat(events.stream().filter(e -> e.scope().equals("capital")).map(e -> e.attributes().get("phase")).distinct())
                .containsExactly("stationary");
        assertThat(events.get(10).eventTimeMs()).isEqualTo(1000 + 10 * 250);
    }
}
