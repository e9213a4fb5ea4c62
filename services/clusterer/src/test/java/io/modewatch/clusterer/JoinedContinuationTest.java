package io.modewatch.clusterer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.common.redaction.TextRedactor;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JoinedContinuationTest {

    private static ContinuationEmbedding embedding(String text, double weight) {
        return ContinuationEmbedding.newBuilder().setContinuationId("c-1").setScope("s").setEmbedderId("test")
                .setDimension(2).setVector(List.of(1f, 0f)).setWeight(weight).setTimestamp(Instant.ofEpochMilli(1))
                .setText(text).setAttributes(Map.of()).build();
    }

    private static final ContinuationSignature SIGNATURE = ContinuationSignature.newBuilder().setContinuationId("c-1")
            .setScope("s").setModelId("m").setModelVersion("1").setSignatureSpaceId("mlp-neurons").setDimension(4)
            .setIndices(List.of(0, 2)).setValues(List.of(0.5f, -0.5f)).setTargetValue(1.0).setWeight(0.5)
            .setTimestamp(Instant.ofEpochMilli(1)).build();

    @Test
    void aTextLongerThanTheExemplarLimitIsCutAndMarkedWhileAShortOneIsKeptWhole() {
        String huge = "code ".repeat(200_000);
        String kept = JoinedContinuation.of(embedding(huge, 0.5), SIGNATURE, new ExemplarText(TextRedactor.NONE, 1000)).text();
        assertThat(kept).hasSize(1001).startsWith("code code").endsWith("\u2026");
        assertThat(JoinedContinuation.of(embedding("the code is 1234", 0.5), SIGNATURE, new ExemplarText(TextRedactor.NONE, 1000)).text())
                .isEqualTo("the code is 1234");
    }

    @Test
    void theExemplarTextIsRedactedBeforeItIsCut() {
        var text = new ExemplarText(TextRedactor.from(Map.of("MODEWATCH_REDACT_PATTERNS", "\\b\\d{4}\\b")), 30);
        assertThat(JoinedContinuation.of(embedding("the code is 1234", 0.5), SIGNATURE, text).text())
                .isEqualTo("the code is [REDACTED]");
        assertThat(JoinedContinuation.of(embedding("1234 ".repeat(20), 0.5), SIGNATURE, text).text())
                .isEqualTo("[REDACTED] [REDACTED] [REDACTE\u2026");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String text = "a".repeat(15) + "\uD83D\uDE00" + "b".repeat(20);
        String kept = JoinedContinuation.of(embedding(text, 0.5), SIGNATURE, new ExemplarText(TextRedactor.NONE, 16)).text();
        assertThat(kept).isEqualTo("a".repeat(15) + "\u2026");
    }

    @Test
    void aWeightOutsideTheUnitIntervalIsRefusedWithTheContinuationNamed() {
        for (double w : new double[] {Double.NaN, 0, -0.1, 1.5, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> JoinedContinuation.of(embedding("x", w), SIGNATURE, new ExemplarText(TextRedactor.NONE, 1000)))
                    .isInstanceOf(InvalidRecordException.class).hasMessageContaining("continuation c-1: weight P_n");
        }
    }
}
