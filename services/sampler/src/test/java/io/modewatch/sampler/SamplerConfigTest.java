package io.modewatch.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.common.config.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerConfigTest {

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void theDefaultsAreThePapersSamplingOnTheBuiltInModel() {
        SamplerConfig config = SamplerConfig.from(env());
        assertThat(config.generation().temperature()).isEqualTo(1.0f);
        assertThat(config.generation().topP()).isEqualTo(0.9f);
        assertThat(config.generation().maxNewTokens()).isEqualTo(20);
        assertThat(config.generation().stopStrings()).containsExactly(".", "?", "!");
        assertThat(config.modelDirectory()).isEqualTo(SamplerConfig.BUILTIN_TINY_MODEL);
        assertThat(config.policy().fraction()).isEqualTo(1.0);
        assertThat(config.policy().budgetPerMinute()).isZero();
        assertThat(config.redactor().patterns()).isEmpty();
        assertThat(config.env().serviceName()).isEqualTo("sampler");
        assertThat(config.promptsTopic()).isEqualTo("llm-prompts");
        assertThat(config.continuationsTopic()).isEqualTo("llm-continuations");
    }

    @Test
    void everySettingIsReadFromItsVariable() {
        SamplerConfig config = SamplerConfig.from(env("MODEWATCH_SAMPLE_FRACTION", "0.25",
                "MODEWATCH_SCOPE_BUDGET_PER_MINUTE", "30", "MODEWATCH_CONTINUATIONS_PER_PROMPT", "8",
                "MODEWATCH_TEMPERATURE", "0.7", "MODEWATCH_TOP_P", "1", "MODEWATCH_MAX_NEW_TOKENS", "12",
                "MODEWATCH_STOP_STRINGS", "", "MODEWATCH_REDACT_PATTERNS", "\\d{4}\n[a-z]+@[a-z.]+",
                "MODEWATCH_SCOPE_ATTRIBUTE", "", "MODEWATCH_DEFAULT_SCOPE", "misc", "MODEWATCH_BATCH_SIZE", "2",
                "MODEWATCH_SEED", "-5", "MODEWATCH_PROMPTS_TOPIC", "staging-prompts",
                "MODEWATCH_CONTINUATIONS_TOPIC", "staging-continuations"));
        assertThat(config.promptsTopic()).isEqualTo("staging-prompts");
        assertThat(config.continuationsTopic()).isEqualTo("staging-continuations");
        assertThat(config.policy().fraction()).isEqualTo(0.25);
        assertThat(config.policy().budgetPerMinute()).isEqualTo(30);
        assertThat(config.continuationsPerPrompt()).isEqualTo(8);
        assertThat(config.generation().temperature()).isEqualTo(0.7f);
        assertThat(config.generation().maxNewTokens()).isEqualTo(12);
        assertThat(config.generation().stopStrings()).isEmpty();
        assertThat(config.redactor().patterns()).hasSize(2);
        assertThat(config.scopeAttribute()).isEmpty();
        assertThat(config.defaultScope()).isEqualTo("misc");
        assertThat(config.batchSize()).isEqualTo(2);
        assertThat(config.seed()).isEqualTo(-5);
    }

    @Test
    void aCheckpointDirectoryNeedsAnExplicitModelIdAndVersion() {
        assertThatThrownBy(() -> SamplerConfig.from(env("MODEWATCH_MODEL_DIR", "/models/qwen")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_MODEL_ID");
        SamplerConfig config = SamplerConfig.from(env("MODEWATCH_MODEL_DIR", "/models/qwen",
                "MODEWATCH_MODEL_ID", "qwen2-0.5b", "MODEWATCH_MODEL_VERSION", "r3"));
        assertThat(List.of(config.modelId(), config.modelVersion())).containsExactly("qwen2-0.5b", "r3");
    }

    @Test
    void malformedValuesAreRejectedWithTheSettingsName() {
        assertThatThrownBy(() -> SamplerConfig.from(env("MODEWATCH_REDACT_PATTERNS", "([unclosed")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_REDACT_PATTERNS");
        assertThatThrownBy(() -> SamplerConfig.from(env("MODEWATCH_SAMPLE_FRACTION", "1.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_SAMPLE_FRACTION");
        assertThatThrownBy(() -> SamplerConfig.from(env("MODEWATCH_BUDGET_LATENESS", "90s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_BUDGET_LATENESS");
        assertThatThrownBy(() -> SamplerConfig.from(env("MODEWATCH_PROMPTS_TOPIC", "Prompts_Topic")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_PROMPTS_TOPIC");
        assertThatThrownBy(() -> SamplerConfig.from(env("MODEWATCH_TOP_P", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_TOP_P");
    }
}
