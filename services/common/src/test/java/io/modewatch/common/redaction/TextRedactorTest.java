package io.modewatch.common.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.common.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextRedactorTest {

    @Test
    void everyMatchOfEveryPatternIsReplaced() {
        var redactor = TextRedactor.from(Map.of("MODEWATCH_REDACT_PATTERNS", "\\b\\d{4}\\b\n\n[\\w.]+@[\\w.]+\n"));
        assertThat(redactor.patterns()).hasSize(2);
        assertThat(redactor.redact("mail bob@example.com the code 1234 or 5678, not 123"))
                .isEqualTo("mail [REDACTED] the code [REDACTED] or [REDACTED], not 123");
        assertThat(TextRedactor.from(Map.of()).redact("untouched 1234")).isEqualTo("untouched 1234");
        assertThat(redactor.redact(null)).isNull();
    }

    @Test
    void aMalformedExpressionIsAConfigurationErrorThatQuotesIt() {
        assertThatThrownBy(() -> TextRedactor.from(Map.of("MODEWATCH_REDACT_PATTERNS", "([unclosed")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MODEWATCH_REDACT_PATTERNS")
                .hasMessageContaining("([unclosed");
    }
}
