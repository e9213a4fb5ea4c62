package io.modewatch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static final Setting PORT = Setting.optional("MODEWATCH_HTTP_PORT", "8080", "an integer 0..65535", "port");
    private static final Setting WINDOW = Setting.optional("MODEWATCH_WINDOW", "30s", "a duration", "window");
    private static final Setting NAME = Setting.required("MODEWATCH_NAME", "a name", "the name");

    @Test
    void defaultsApplyWhenAVariableIsAbsent() {
        Settings s = Settings.of(Map.of("MODEWATCH_NAME", "x"), List.of(PORT, WINDOW, NAME));
        assertThat(s.integer(PORT, 0, 65535)).isEqualTo(8080);
        assertThat(s.duration(WINDOW)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void anUnknownModewatchVariableFailsAndIsNamed() {
        assertThatThrownBy(() -> Settings.of(Map.of("MODEWATCH_HTTP_PROT", "1"), List.of(PORT)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("MODEWATCH_HTTP_PROT")
                .hasMessageContaining("MODEWATCH_HTTP_PORT");
    }

    @Test
    void aMalformedValueNamesTheVariableAndTheExpectedForm() {
        Settings s = Settings.of(Map.of("MODEWATCH_HTTP_PORT", "eighty"), List.of(PORT));
        assertThatThrownBy(() -> s.integer(PORT, 0, 65535))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Malformed setting MODEWATCH_HTTP_PORT=\"eighty\": expected an integer 0..65535.");
    }

    @Test
    void aValueOutOfRangeIsMalformed() {
        Settings s = Settings.of(Map.of("MODEWATCH_HTTP_PORT", "70000"), List.of(PORT));
        assertThatThrownBy(() -> s.integer(PORT, 0, 65535)).hasMessageContaining("MODEWATCH_HTTP_PORT=\"70000\"");
    }

    @Test
    void aMissingRequiredSettingSaysWhatIsExpected() {
        Settings s = Settings.of(Map.of(), List.of(NAME));
        assertThatThrownBy(() -> s.string(NAME)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing required setting MODEWATCH_NAME").hasMessageContaining("a name");
    }

    @Test
    void durationsAcceptUnitSuffixesAndIso8601() {
        assertThat(Settings.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Settings.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Settings.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Settings.parseDuration("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        Settings s = Settings.of(Map.of("MODEWATCH_WINDOW", "soon"), List.of(WINDOW));
        assertThatThrownBy(() -> s.duration(WINDOW)).hasMessageContaining("MODEWATCH_WINDOW=\"soon\"");
    }

    @Test
    void kafkaVariablesBecomeKafkaProperties() {
        Settings s = Settings.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:9092", "KAFKA_SASL_JAAS__CONFIG", "x",
                "KAFKA_SOME___DASHED_NAME", "y", "PATH", "/bin"), List.of());
        assertThat(s.kafkaProperties()).containsExactlyInAnyOrderEntriesOf(Map.of("bootstrap.servers", "b:9092",
                "sasl.jaas_config", "x", "some-dashed.name", "y"));
    }

    @Test
    void theServiceEnvironmentRequiresBootstrapServersAndAValidRegistryUrl() {
        assertThatThrownBy(() -> ServiceEnvironment.from("sampler", Settings.of(Map.of(), CommonSettings.ALL)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> ServiceEnvironment.from("sampler", Settings.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:1",
                "MODEWATCH_REGISTRY_URL", "registry:8081"), CommonSettings.ALL)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_REGISTRY_URL");
        ServiceEnvironment env = ServiceEnvironment.from("sampler", Settings.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:1",
                "MODEWATCH_REGISTRY_URL", "http://registry:8081/"), CommonSettings.ALL));
        assertThat(env.bootstrapServers()).isEqualTo("b:1");
        assertThat(env.registryUrl().toString()).isEqualTo("http://registry:8081");
        assertThat(env.deadLetterTopic()).isEqualTo("sampler-dlq");
    }

    @Test
    void registryCredentialsComeAsAPairAndATruststoreMustBeReadable() {
        var anonymous = ServiceEnvironment.from("sampler", Settings.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:1"), CommonSettings.ALL));
        assertThat(anonymous.registry().username()).isEmpty();
        assertThat(anonymous.registry().truststore()).isEmpty();
        var withLogin = ServiceEnvironment.from("sampler", Settings.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:1",
                "MODEWATCH_REGISTRY_USERNAME", "svc", "MODEWATCH_REGISTRY_PASSWORD", "pw-42"), CommonSettings.ALL));
        assertThat(withLogin.registry().username()).contains("svc");
        assertThat(withLogin.toString()).doesNotContain("pw-42");
        assertThatThrownBy(() -> ServiceEnvironment.from("sampler", Settings.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:1",
                "MODEWATCH_REGISTRY_USERNAME", "svc"), CommonSettings.ALL)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_REGISTRY_PASSWORD");
        assertThatThrownBy(() -> ServiceEnvironment.from("sampler", Settings.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:1",
                "MODEWATCH_REGISTRY_TRUSTSTORE", "/no/such/ca.p12"), CommonSettings.ALL)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_REGISTRY_TRUSTSTORE");
    }
}
