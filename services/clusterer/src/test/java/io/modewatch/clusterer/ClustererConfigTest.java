package io.modewatch.clusterer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.common.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClustererConfigTest {

    @Test
    void theConfirmFactorDefaultsAboveTheNoveltyFactorAndCanBeSet() {
        assertThat(ClustererConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092")).detection().confirmFactor()).isEqualTo(1.6);
        assertThat(ClustererConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092", "MODEWATCH_CONFIRM_FACTOR", "2"))
                .detection().confirmFactor()).isEqualTo(2.0);
    }

    @Test
    void aConfirmFactorBelowTheNoveltyFactorIsRefusedWithBothValues() {
        assertThatThrownBy(() -> ClustererConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "k:9092",
                "MODEWATCH_CONFIRM_FACTOR", "1.0", "MODEWATCH_NOVELTY_FACTOR", "1.25")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("confirm factor (1.0)").hasMessageContaining("novelty factor (1.25)");
    }
}
