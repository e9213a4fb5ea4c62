package io.modewatch.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.ConfigException;
import io.modewatch.common.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifierConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092",
                "MODEWATCH_REGISTRY_URL", "http://localhost:8081"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void aNotifierWithNowhereToDeliverRefusesToStart() {
        assertThatThrownBy(() -> NotifierConfig.from(env())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("MODEWATCH_WEBHOOK_URLS").hasMessageContaining("MODEWATCH_ALERTMANAGER_URL");
    }

    @Test
    void aMalformedUrlIsNamedByItsPositionNotByItsTextWhichMayHoldAToken() {
        assertThatThrownBy(() -> NotifierConfig.from(env("MODEWATCH_SLACK_WEBHOOK_URLS",
                "https://hooks.example/ok,ftp://hooks.example/T1/secret-token")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_SLACK_WEBHOOK_URLS")
                .hasMessageContaining("entry 2").hasMessageNotContaining("secret-token");
        assertThatThrownBy(() -> NotifierConfig.from(env("MODEWATCH_WEBHOOK_URLS", "http://a", "MODEWATCH_DELIVERY_BACKOFF", "10s",
                "MODEWATCH_DELIVERY_BACKOFF_MAX", "1s"))).hasMessageContaining("MODEWATCH_DELIVERY_BACKOFF_MAX");
        assertThatThrownBy(() -> NotifierConfig.from(env("MODEWATCH_WEBHOOK_URLS", "http://a", "MODEWATCH_WEBHOK_URLS", "x")))
                .hasMessageContaining("MODEWATCH_WEBHOK_URLS");
    }

    @Test
    void defaultsTryFiveTimesWithABackoffFromOneToThirtySeconds() {
        NotifierConfig c = NotifierConfig.from(env("MODEWATCH_WEBHOOK_URLS", "http://a:1/x, https://b/y",
                "MODEWATCH_ALERTMANAGER_URL", "http://am:9093", "MODEWATCH_WEBHOOK_TOKEN", "t0k"));
        assertThat(c.webhooks()).hasSize(2);
        assertThat(c.alertmanager()).isPresent();
        assertThat(c.attempts()).isEqualTo(5);
        assertThat(c.backoff()).hasSeconds(1);
        assertThat(c.maxBackoff()).hasSeconds(30);
        assertThat(c.toString()).doesNotContain("t0k");
    }

    @Test
    void everyNotifierSettingAppearsInTheServicesDocWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("../../docs/services.md"));
        for (Setting s : NotifierConfig.settings()) {
            if (CommonSettings.ALL.stream().anyMatch(c -> c.name().equals(s.name()))) {
                continue;
            }
            String row = "| `" + s.name() + "` | " + (s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`") + " |";
            assertThat(doc).as("docs/services.md documents %s with its default", s.name()).contains(row);
        }
    }
}
