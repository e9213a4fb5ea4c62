package io.modewatch.models.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.modewatch.models.checkpoint.CheckpointException;
import io.modewatch.models.checkpoint.HostTensor;
import io.modewatch.models.checkpoint.SafetensorsFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscodersTest {

    private static final int FEATURES = 24;

    @TempDir
    Path dir;

    private static HostTensor gaussian(Random random, double std, long... shape) {
        float[] data = new float[Math.toIntExact(HostTensor.numel(shape))];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (std * random.nextGaussian());
        }
        return new HostTensor(shape, data);
    }

    /** Random transcoders on every layer but the first, so an uncovered layer is exercised too. */
    private static List<Transcoders.LayerWeights> randomLayers(DecoderConfig c) {
        Random random = new Random(4);
        List<Transcoders.LayerWeights> layers = new ArrayList<>();
        layers.add(null);
        for (int i = 1; i < c.layers(); i++) {
            layers.add(new Transcoders.LayerWeights(gaussian(random, 0.5, c.hiddenSize(), FEATURES),
                    gaussian(random, 0.1, FEATURES), gaussian(random, 0.5, FEATURES, c.hiddenSize())));
        }
        return layers;
    }

    private static List<TeacherForcedSequence> sequence() {
        Random random = new Random(6);
        return List.of(new TeacherForcedSequence(TestModels.randomIds(random, 8), TestModels.randomIds(random, 5)));
    }

    @Test
    void featureAttributionsMatchAFiniteDifferenceOfRescalingTheFeature() {
        try (DecoderLm lm = TestModels.model(TestModels.llamaConfig(), 41);
                Transcoders transcoders = Transcoders.of(lm, randomLayers(lm.config()))) {
            Attributor attributor = new Attributor(lm, transcoders);
            List<TeacherForcedSequence> one = sequence();
            Signature s = attributor.attributeFeatures(one, new AttributionSettings(SourcePositions.ALL, false, 0, 4)).get(0);
            assertThat(s.dimension()).isEqualTo(lm.config().layers() * FEATURES);
            float[] a = s.dense();
            for (int f = 0; f < FEATURES; f++) {
                assertThat(a[f]).as("layer 0 has no transcoder").isZero();
            }
            int best = 0;
            for (int j = 0; j < a.length; j++) {
                best = Math.abs(a[j]) > Math.abs(a[best]) ? j : best;
            }
            assertThat(Math.abs(a[best])).isGreaterThan(1e-3f);
            float eps = 1e-2f;
            int layer = s.layerOf(best);
            int feature = s.indexInLayer(best);
            double up = attributor.targets(one, featureRescale(layer, feature, 1 + eps), 1)[0];
            double down = attributor.targets(one, featureRescale(layer, feature, 1 - eps), 1)[0];
            assertThat((up - down) / (2 * eps)).isCloseTo(a[best], within(0.02 * Math.abs(a[best]) + 1e-4));
            double base = attributor.targets(one, Steering.none(), 1)[0];
            double raised = attributor.targets(one, Steering.fromFeatureSignature(s, 5, 0.5f, SourcePositions.ALL), 1)[0];
            assertThat(raised).isGreaterThan(base);
        }
    }

    private static Steering featureRescale(int layer, int feature, float factor) {
        return new Steering(List.of(), List.of(), List.of(new Steering.FeatureRescale(layer, feature, factor)), List.of(),
                SourcePositions.ALL);
    }

    @Test
    void transcodersLoadFromPerLayerSafetensorsFilesAndAMisshapenOneIsNamed() {
        try (DecoderLm lm = TestModels.model(TestModels.gpt2Config(), 42)) {
            List<Transcoders.LayerWeights> layers = randomLayers(lm.config());
            Transcoders.LayerWeights l1 = layers.get(1);
            SafetensorsFile.write(dir.resolve("layer_1.safetensors"),
                    Map.of("W_enc", l1.encoder(), "b_enc", l1.encoderBias(), "W_dec", l1.decoder()));
            AttributionSettings settings = new AttributionSettings(SourcePositions.PREFIX, false, 0, 4);
            try (Transcoders fromMemory = Transcoders.of(lm, layers); Transcoders fromFiles = Transcoders.load(lm, dir)) {
                float[] expected = new Attributor(lm, fromMemory).attributeFeatures(sequence(), settings).get(0).dense();
                float[] loaded = new Attributor(lm, fromFiles).attributeFeatures(sequence(), settings).get(0).dense();
                assertThat(loaded).containsExactly(expected);
            }
            SafetensorsFile.write(dir.resolve("layer_1.safetensors"),
                    Map.of("W_enc", l1.decoder(), "b_enc", l1.encoderBias(), "W_dec", l1.decoder()));
            assertThatThrownBy(() -> Transcoders.load(lm, dir)).isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("layer 1 W_enc").hasMessageContaining("[32, 24]");
        }
    }

    @Test
    void featureSteeringWithoutTranscodersIsRefused() {
        try (DecoderLm lm = TestModels.model(TestModels.gpt2Config(), 43)) {
            assertThatThrownBy(() -> new Attributor(lm).targets(sequence(), featureRescale(1, 0, 2f), 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transcoders");
        }
    }
}
