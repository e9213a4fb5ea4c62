package io.modewatch.attributor;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.loop.Outcome;
import io.modewatch.models.lm.AttributionSettings;
import io.modewatch.models.lm.Continuation;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.lm.GenerationSettings;
import io.modewatch.models.lm.Generator;
import io.modewatch.models.world.TinyWorldModel;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.SampledContinuation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The attributor's batch function on the committed tiny model, on continuations the same model sampled. */
class TinyModelAttributionTest {

    private static DecoderLm lm;
    private static List<SampledContinuation> continuations;

    @BeforeAll
    static void sample() {
        lm = TinyWorldModel.loadCommitted();
        String prompt = "q : what is the code of the red door ? a :";
        List<Continuation> sampled = new Generator(lm).generate(List.of(prompt, prompt, prompt),
                GenerationSettings.paperDefaults(11));
        continuations = new ArrayList<>();
        for (int i = 0; i < sampled.size(); i++) {
            Continuation c = sampled.get(i);
            List<Integer> tokens = new ArrayList<>();
            for (int t : c.tokenIds()) {
                tokens.add(t);
            }
            continuations.add(AttributeBatchFunctionTest.continuation("p/" + i, "tiny", "v1", prompt, tokens));
        }
    }

    @AfterAll
    static void close() {
        lm.close();
    }

    private static List<ContinuationSignature> attribute(AttributionSettings settings) {
        var function = new AttributeBatchFunction(new DecoderSignatureModel(lm, settings), "tiny", "v1",
                "continuation-signatures");
        var outcomes = function.apply(continuations);
        assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Produced.class));
        return outcomes.stream()
                .map(o -> ((Outcome.Produced<String, ContinuationSignature>) o).outputs().get(0).value()).toList();
    }

    @Test
    void theRealModelGivesSparseSortedUnitNormBoundedSignaturesOverItsMlpNeurons() {
        assertThat(continuations).allSatisfy(c -> assertThat(c.getTokenIds()).isNotEmpty());
        int neurons = lm.config().layers() * lm.config().intermediateSize();
        List<ContinuationSignature> signatures = attribute(
                AttributionSettings.defaults().withTopK(64).withAttentionHeads(false));
        assertThat(signatures).allSatisfy(s -> {
            assertThat(s.getDimension()).isEqualTo(neurons);
            assertThat(s.getIndices()).hasSize(64).hasSameSizeAs(s.getValues()).isSorted().doesNotHaveDuplicates();
            assertThat(s.getIndices()).allSatisfy(j -> assertThat(j).isBetween(0, neurons - 1));
            double sq = s.getValues().stream().mapToDouble(v -> v * v).sum();
            assertThat(sq).isGreaterThan(0).isLessThanOrEqualTo(1.0 + 1e-5);
            assertThat(s.getTargetValue()).isFinite();
            assertThat(s.getSignatureSpaceId()).isEqualTo("mlp-neurons:L" + lm.config().layers() + "xN"
                    + lm.config().intermediateSize());
        });
    }

    @Test
    void attributingAttentionHeadsWidensTheSpaceByEveryHeadOfEveryLayer() {
        var config = lm.config();
        List<ContinuationSignature> signatures = attribute(
                AttributionSettings.defaults().withTopK(0).withAttentionHeads(true));
        int dimension = config.layers() * (config.intermediateSize() + config.heads());
        assertThat(signatures).allSatisfy(s -> {
            assertThat(s.getDimension()).isEqualTo(dimension);
            assertThat(s.getIndices()).hasSize(dimension).isSorted();
            assertThat(s.getSignatureSpaceId()).isEqualTo("mlp-neurons+heads:L" + config.layers() + "xN"
                    + config.intermediateSize() + "xH" + config.heads());
        });
    }
}
