package io.modewatch.clusterer;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ClustererSettingsAreDocumentedTest {

    @Test
    void everyClustererSettingAppearsInTheServicesDocWithItsDefault() throws Exception {
        String doc = Files.readString(Path.of("../../docs/services.md"));
        for (Setting s : ClustererConfig.settings()) {
            if (CommonSettings.ALL.stream().anyMatch(c -> c.name().equals(s.name()))) {
                continue;
            }
            String row = "| `" + s.name() + "` | " + (s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`") + " |";
            assertThat(doc).as("docs/services.md documents %s with its default", s.name()).contains(row);
        }
    }
}
