package io.modewatch.embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.common.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbedderConfigTest {

    @Test
    void theDefaultIsTheBuiltInMiniLmWithTextForwarded() {
        EmbedderConfig config = EmbedderConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092"));
        assertThat(config.embedderDirectory()).isEqualTo(EmbedderConfig.BUILTIN_MINILM);
        assertThat(config.embedderId()).isEqualTo("all-MiniLM-L6-v2");
        assertThat(config.forwardText()).isTrue();
        assertThat(config.batchSize()).isEqualTo(32);
        assertThat(config.env().deadLetterTopic()).isEqualTo("embedder-dlq");
        assertThat(config.continuationsTopic()).isEqualTo("llm-continuations");
        assertThat(config.embeddingsTopic()).isEqualTo("continuation-embeddings");
    }

    @Test
    void aModelDirectoryNeedsAnExplicitEmbedderId() {
        assertThatThrownBy(() -> EmbedderConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "MODEWATCH_EMBEDDER_DIR", "/models/bge-small")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_EMBEDDER_ID");
        EmbedderConfig config = EmbedderConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "MODEWATCH_EMBEDDER_DIR", "/models/bge-small", "MODEWATCH_EMBEDDER_ID", "bge-small-en-v1.5",
                "MODEWATCH_FORWARD_TEXT", "false", "MODEWATCH_BATCH_SIZE", "4"));
        assertThat(config.embedderId()).isEqualTo("bge-small-en-v1.5");
        assertThat(config.forwardText()).isFalse();
        assertThat(config.batchSize()).isEqualTo(4);
    }
}
