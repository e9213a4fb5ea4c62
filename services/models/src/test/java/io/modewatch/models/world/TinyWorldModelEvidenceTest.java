package io.modewatch.models.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.models.embedding.SentenceEmbedder;
import io.modewatch.models.lm.AttributionSettings;
import io.modewatch.models.lm.DecoderLm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed tiny model against the world it was trained on. */
class TinyWorldModelEvidenceTest {

    private static final DoorWorld WORLD = new DoorWorld(DoorWorld.DEFAULT_SEED);
    /** Measured on the committed seed (docs/models.md); chance is 0.5. */
    private static final double NOTE_CONTROLLED_FLOOR = 0.85;
    private static DecoderLm lm;
    private static WorldEvidence evidence;

    @BeforeAll
    static void load() {
        lm = TinyWorldModel.loadCommitted();
        evidence = new WorldEvidence(WORLD, lm);
    }

    @AfterAll
    static void close() {
        lm.close();
    }

    @Test
    void theCommittedModelLoadsThroughTheCheckpointLoaderWithTheWorldsShape() {
        assertThat(lm.config()).isEqualTo(TinyWorldModel.config(WORLD.vocabulary()));
    }

    @Test
    void stochasticPromptsReproduceTheirModesAtTheTrainedRates() {
        Map<String, Double> plain = evidence.modeRates(PromptVariant.PLAIN, 200, 1);
        assertThat(plain.getOrDefault("recall", 0.0)).isBetween(DoorWorld.PLAIN_RECALL_RATE - 0.1, DoorWorld.PLAIN_RECALL_RATE + 0.1);
        assertThat(plain.getOrDefault("hedge", 0.0) + plain.getOrDefault("recall", 0.0)).isGreaterThan(0.95);
        Map<String, Double> capital = evidence.modeRates(PromptVariant.CAPITAL, 200, 2);
        assertThat(capital.getOrDefault("answer", 0.0)).isBetween(DoorWorld.CAPITAL_ANSWER_RATE - 0.1, DoorWorld.CAPITAL_ANSWER_RATE + 0.1);
    }

    @Test
    void deterministicPromptsGiveTheirTrainedTextUnderGreedyDecoding() {
        for (PromptVariant v : List.of(PromptVariant.DISTRACTOR, PromptVariant.POISONED, PromptVariant.ADMIN, PromptVariant.URGENT,
                PromptVariant.COINCIDENT)) {
            assertThat(evidence.greedyExactMatch(v, 48, 3)).as(v.name()).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void recallAndCopyOfTheSameTextHaveIdenticalEmbeddingsButDifferentSignatures() {
        List<WorldEvidence.MechanismExample> examples = evidence.mechanismExamples(4);
        try (SentenceEmbedder embedder = SentenceEmbedder.allMiniLmL6V2()) {
            WorldEvidence.Separation s = evidence.separation(examples, AttributionSettings.defaults().withTopK(0), embedder);
            assertThat(s.greedyIdentical()).isGreaterThanOrEqualTo(0.9);
            assertThat(s.pairEmbeddingDistance()).isLessThan(1e-6);
            // L2-normalised signatures: 1.1 apart is a cosine of about 0.4 for identical text.
            assertThat(s.pairSignatureDistance()).isGreaterThan(0.5);
            assertThat(s.identicalTextAccuracy()).isGreaterThanOrEqualTo(0.9);
            assertThat(s.noteControlledAccuracy()).isGreaterThanOrEqualTo(NOTE_CONTROLLED_FLOOR);
        }
    }

    @Test
    void steeringWithAMembersTopUnitsRaisesTheTargetOnTheOtherMembersOfItsMode() {
        List<WorldEvidence.MechanismExample> copies = evidence.mechanismExamples(5).stream()
                .filter(e -> e.group().equals("poisoned")).toList();
        AttributionSettings settings = AttributionSettings.defaults();
        assertThat(evidence.steeringEffect(copies, settings, 10, 0.5f)).isGreaterThan(0);
        assertThat(evidence.steeringEffect(copies, settings, 10, -0.5f)).isLessThan(0);
    }
}
