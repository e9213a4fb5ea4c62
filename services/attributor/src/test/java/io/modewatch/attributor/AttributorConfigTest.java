package io.modewatch.attributor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.common.config.ConfigException;
import io.modewatch.models.lm.AttributionSettings;
import io.modewatch.models.lm.SourcePositions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributorConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void theDefaultsAreTheModelLayersAttributionOnTheBuiltInModel() {
        AttributorConfig config = AttributorConfig.from(env());
        assertThat(config.attribution()).isEqualTo(AttributionSettings.defaults());
        assertThat(config.modelDirectory()).isEqualTo(AttributorConfig.BUILTIN_TINY_MODEL);
        assertThat(config.env().deadLetterTopic()).isEqualTo("attributor-dlq");
        assertThat(config.continuationsTopic()).isEqualTo("llm-continuations");
        assertThat(config.signaturesTopic()).isEqualTo("continuation-signatures");
    }

    @Test
    void everyAttributionSettingIsReadFromItsVariable() {
        AttributorConfig config = AttributorConfig.from(env("MODEWATCH_SOURCE_POSITIONS", "prefix",
                "MODEWATCH_TOP_K", "0", "MODEWATCH_L2_NORMALISE", "false", "MODEWATCH_ATTENTION_HEADS", "true",
                "MODEWATCH_ATTRIBUTION_BATCH_SIZE", "4", "MODEWATCH_BATCH_SIZE", "8"));
        assertThat(config.attribution()).isEqualTo(new AttributionSettings(SourcePositions.PREFIX, false, 0, 4, true));
        assertThat(config.batchSize()).isEqualTo(8);
        assertThat(AttributorConfig.from(env("MODEWATCH_ATTENTION_HEADS", "false")).attribution().attentionHeads())
                .isFalse();
    }

    @Test
    void aCheckpointDirectoryNeedsAnExplicitModelIdAndVersionAndBadValuesNameTheSetting() {
        assertThatThrownBy(() -> AttributorConfig.from(env("MODEWATCH_MODEL_DIR", "/models/qwen",
                "MODEWATCH_MODEL_ID", "qwen"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("MODEWATCH_MODEL_VERSION");
        assertThatThrownBy(() -> AttributorConfig.from(env("MODEWATCH_SOURCE_POSITIONS", "suffix")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_SOURCE_POSITIONS");
    }
}
