package io.modewatch.common.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.schema.DeadLetter;
import io.modewatch.schema.DeadLetterStage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void theEnvelopeKeepsTheOriginalBytesAndTheInnermostReason() {
        AtomicReference<DeadLetter> written = new AtomicReference<>();
        DeadLetters letters = new DeadLetters("sampler", (topic, value) -> {
            written.set(value);
            return new byte[] {42};
        });
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        var error = new SerializationException("wrapper", new InvalidRecordException("prompt JSON is missing required field \"prompt\""));

        var record = letters.record(new DeadLetters.Source("llm-prompts", 2, 17, 1000, headers),
                "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8), error, DeadLetterStage.VALIDATION);

        assertThat(record.topic()).isEqualTo("sampler-dlq");
        assertThat(record.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(record.value()).isEqualTo(new byte[] {42});
        DeadLetter envelope = written.get();
        assertThat(envelope.getErrorClass()).isEqualTo(InvalidRecordException.class.getName());
        assertThat(envelope.getErrorMessage()).isEqualTo("prompt JSON is missing required field \"prompt\"");
        assertThat(envelope.getSourceTopic()).isEqualTo("llm-prompts");
        assertThat(envelope.getPartition()).isEqualTo(2);
        assertThat(envelope.getOffset()).isEqualTo(17L);
        assertThat(envelope.getValue().array()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
        assertThat(envelope.getHeaders()).containsKey("trace");
        assertThat(new String(record.headers().lastHeader(DeadLetters.HEADER_ERROR_MESSAGE).value(), StandardCharsets.UTF_8))
                .contains("missing required field");
        assertThat(new String(record.headers().lastHeader(DeadLetters.HEADER_SOURCE).value(), StandardCharsets.UTF_8))
                .isEqualTo("llm-prompts/2@17");
    }

    @Test
    void unknownSourcePositionsAreLeftEmpty() {
        AtomicReference<DeadLetter> written = new AtomicReference<>();
        DeadLetters letters = new DeadLetters("clusterer", (topic, value) -> {
            written.set(value);
            return new byte[0];
        });
        letters.record(new DeadLetters.Source(null, -1, -1, -1, null), null, null, new IllegalStateException(),
                DeadLetterStage.PROCESSING);
        assertThat(written.get().getPartition()).isNull();
        assertThat(written.get().getOffset()).isNull();
        assertThat(written.get().getErrorMessage()).isEqualTo("IllegalStateException");
    }
}
