package io.modewatch.embedder;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SettingsAreDocumentedTest {

    @Test
    void everySettingOfTheEmbedderIsInItsTableInDocsServicesWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("../../docs/services.md"));
        int from = doc.indexOf("### embedder\n");
        assertThat(from).as("docs/services.md has a '### embedder' section").isNotNegative();
        int to = doc.indexOf("\n### ", from + 1);
        String section = doc.substring(from, to < 0 ? doc.length() : to);
        for (Setting s : EmbedderConfig.settings()) {
            if (CommonSettings.ALL.stream().anyMatch(c -> c.name().equals(s.name()))) {
                continue;
            }
            String defaultCell = s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
            assertThat(section).as("the embedder section of docs/services.md documents %s with its default", s.name())
                    .contains("| `" + s.name() + "` | " + defaultCell + " |");
        }
    }
}
