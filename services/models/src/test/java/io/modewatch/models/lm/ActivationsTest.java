package io.modewatch.models.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ActivationsTest {

    @Test
    void capturedActivationsCoverEveryLayerAndPositionAndShowARescaledUnit() {
        try (DecoderLm lm = TestModels.model(TestModels.llamaConfig(), 31)) {
            int[] ids = TestModels.randomIds(new Random(3), 6);
            Activations plain = lm.activations(ids, Steering.none());
            DecoderConfig c = lm.config();
            assertThat(plain.mlpHidden()).hasNumberOfRows(c.layers());
            assertThat(plain.mlpHidden()[1]).hasNumberOfRows(ids.length);
            assertThat(plain.mlpHidden()[1][0]).hasSize(c.intermediateSize());
            assertThat(plain.residual()[0][5]).hasSize(c.hiddenSize());
            Steering doubled = new Steering(List.of(new Steering.UnitRescale(0, 7, 2f)), List.of(), SourcePositions.ALL);
            Activations steered = lm.activations(ids, doubled);
            for (int p = 0; p < ids.length; p++) {
                assertThat((double) steered.mlpHidden()[0][p][7]).isCloseTo(2.0 * plain.mlpHidden()[0][p][7], within(1e-5));
                assertThat(steered.mlpHidden()[0][p][8]).isEqualTo(plain.mlpHidden()[0][p][8]);
            }
            assertThat(steered.residual()[1][ids.length - 1]).isNotEqualTo(plain.residual()[1][ids.length - 1]);
        }
    }
}
