package io.modewatch.models.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.models.checkpoint.CheckpointException;
import io.modewatch.models.checkpoint.HostTensor;
import io.modewatch.models.checkpoint.SafetensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void aGpt2ShapedCheckpointWrittenHereLoadsAndGivesTheSameLogits() {
        assertRoundTrip(TestModels.gpt2Config(), "transformer.h.0.attn.c_attn.weight");
    }

    @Test
    void aLlamaShapedCheckpointWrittenHereLoadsAndGivesTheSameLogits() {
        assertRoundTrip(TestModels.llamaConfig(), "model.layers.1.self_attn.k_proj.weight");
    }

    private void assertRoundTrip(DecoderConfig config, String expectedTensor) {
        int[] ids = TestModels.randomIds(new Random(1), 12);
        try (DecoderLm original = TestModels.model(config, 7)) {
            float[][] before = original.logits(ids);
            original.save(dir);
            assertThat(SafetensorsFile.read(dir.resolve("model.safetensors"))).containsKey(expectedTensor);
            try (DecoderLm loaded = DecoderLm.load(dir)) {
                assertThat(loaded.config()).isEqualTo(config);
                float[][] after = loaded.logits(ids);
                for (int t = 0; t < ids.length; t++) {
                    assertThat(after[t]).containsExactly(before[t]);
                }
                // Untrained but far from flat: the comparison above is not between constant rows.
                assertThat(before[3][5]).isNotEqualTo(before[3][6]);
            }
        }
    }

    @Test
    void aMisshapenTensorFailsNamingTheTensorAndTheExpectedShape() {
        try (DecoderLm original = TestModels.model(TestModels.llamaConfig(), 7)) {
            original.save(dir);
        }
        Path file = dir.resolve("model.safetensors");
        Map<String, HostTensor> tensors = new java.util.HashMap<>(SafetensorsFile.read(file));
        tensors.put("model.layers.0.self_attn.k_proj.weight", HostTensor.zeros(32, 32));
        SafetensorsFile.write(file, tensors);
        assertThatThrownBy(() -> DecoderLm.load(dir))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("model.layers.0.self_attn.k_proj.weight")
                .hasMessageContaining("[16, 32]");
    }

    @Test
    void aMissingTensorFailsNamingIt() {
        try (DecoderLm original = TestModels.model(TestModels.gpt2Config(), 7)) {
            original.save(dir);
        }
        Path file = dir.resolve("model.safetensors");
        Map<String, HostTensor> tensors = new java.util.HashMap<>(SafetensorsFile.read(file));
        tensors.remove("transformer.h.1.mlp.c_fc.bias");
        SafetensorsFile.write(file, tensors);
        assertThatThrownBy(() -> DecoderLm.load(dir)).hasMessageContaining("transformer.h.1.mlp.c_fc.bias");
    }

    @Test
    void anUnsupportedArchitectureIsRefusedByName() throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"qwen3\", \"architectures\": [\"Qwen3ForCausalLM\"]}");
        assertThatThrownBy(() -> DecoderLm.load(dir)).isInstanceOf(CheckpointException.class).hasMessageContaining("qwen3");
    }
}
