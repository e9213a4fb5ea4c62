package io.modewatch.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SettingsAreDocumentedTest {

    @Test
    void everySettingOfTheSamplerIsInItsTableInDocsServicesWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("../../docs/services.md"));
        int from = doc.indexOf("### sampler\n");
        assertThat(from).as("docs/services.md has a '### sampler' section").isNotNegative();
        int to = doc.indexOf("\n### ", from + 1);
        String section = doc.substring(from, to < 0 ? doc.length() : to);
        for (Setting s : SamplerConfig.settings()) {
            if (CommonSettings.ALL.stream().anyMatch(c -> c.name().equals(s.name()))) {
                continue;
            }
            String defaultCell = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
            assertThat(section).as("the sampler section of docs/services.md documents %s with its default", s.name())
                    .contains("| `" + s.name() + "` | " + defaultCell + " |");
        }
    }
}
