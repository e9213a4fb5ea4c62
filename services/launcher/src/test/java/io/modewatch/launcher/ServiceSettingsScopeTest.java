package io.modewatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.attributor.AttributorConfig;
import io.modewatch.clusterer.ClustererConfig;
import io.modewatch.common.config.ConfigException;
import io.modewatch.embedder.EmbedderConfig;
import io.modewatch.sampler.SamplerConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceSettingsScopeTest {

    /** The README's "existing Kafka" shell: one environment for the whole pipeline. */
    private static Map<String, String> readmeShell() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "broker-1:9092,broker-2:9092");
        env.put("MODEWATCH_REGISTRY_URL", "https://registry.example.internal");
        env.put("MODEWATCH_TOPIC_REPLICATION_FACTOR", "3");
        env.put("MODEWATCH_MODEL_DIR", "/models/my-llm");
        env.put("MODEWATCH_MODEL_ID", "my-llm");
        env.put("MODEWATCH_MODEL_VERSION", "2026-11-01");
        env.put("MODEWATCH_APPLICATION_SERVER", "clusterer-0.internal:8090");
        env.put("MODEWATCH_JAVA_OPTS", "-Xmx2g");
        env.put("PATH", "/usr/bin");
        return env;
    }

    @Test
    void everyServiceAcceptsTheWholePipelinesEnvironmentAndKeepsItsOwnSettings() {
        Map<String, String> shell = readmeShell();
        var embedder = EmbedderConfig.from(ServiceSettingsScope.forService("embedder", shell));
        var clusterer = ClustererConfig.from(ServiceSettingsScope.forService("clusterer", shell));
        var sampler = SamplerConfig.from(ServiceSettingsScope.forService("sampler", shell));
        var attributor = AttributorConfig.from(ServiceSettingsScope.forService("attributor", shell));
        assertThat(clusterer.applicationServer()).isEqualTo("clusterer-0.internal:8090");
        assertThat(ServiceSettingsScope.forService("sampler", shell)).containsEntry("MODEWATCH_MODEL_ID", "my-llm")
                .doesNotContainKey("MODEWATCH_APPLICATION_SERVER").doesNotContainKey("MODEWATCH_JAVA_OPTS")
                .containsEntry("PATH", "/usr/bin");
        assertThat(List.of(embedder.env(), clusterer.env(), sampler.env(), attributor.env()))
                .allSatisfy(e -> assertThat(e.topicReplicationFactor()).isEqualTo((short) 3));
        assertThat(List.of(embedder.env().httpPort(), clusterer.env().httpPort(), sampler.env().httpPort(),
                attributor.env().httpPort())).as("side by side on one host without settings").doesNotHaveDuplicates();
        assertThat(clusterer.env().httpHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void aNameNoServiceDeclaresIsStillRefused() {
        Map<String, String> shell = readmeShell();
        shell.put("MODEWATCH_BETTA", "40");
        assertThatThrownBy(() -> ClustererConfig.from(ServiceSettingsScope.forService("clusterer", shell)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_BETTA");
    }
}
