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

    @Test
    void aValueTooLargeForTheLetterIsLeftOutAndTheReasonSaysWhereItStillIs() {
        AtomicReference<DeadLetter> written = new AtomicReference<>();
        DeadLetters letters = new DeadLetters("embedder", (topic, value) -> {
            written.set(value);
            return new byte[0];
        }, 1_048_576);
        byte[] huge = new byte[1_040_000];
        letters.record(new DeadLetters.Source("llm-continuations", 1, 15, 1000, null), null, huge,
                new InvalidRecordException("too large to send"), DeadLetterStage.SERIALIZATION);
        assertThat(written.get().getValue()).isNull();
        assertThat(written.get().getErrorMessage()).startsWith("too large to send")
                .contains("1040000 bytes, is left out").contains("llm-continuations-1@15");

        byte[] fits = new byte[900_000];
        letters.record(new DeadLetters.Source("llm-continuations", 1, 16, 1000, null), null, fits,
                new InvalidRecordException("refused"), DeadLetterStage.VALIDATION);
        assertThat(written.get().getValue().remaining()).isEqualTo(900_000);
        assertThat(written.get().getErrorMessage()).isEqualTo("refused");
    }

    @Test
    void theRecordSizeLimitIsTheProducersMaxRequestSize() {
        assertThat(DeadLetters.maxRecordBytes(java.util.Map.of())).isEqualTo(1_048_576);
        assertThat(DeadLetters.maxRecordBytes(java.util.Map.of("max.request.size", "5000000"))).isEqualTo(5_000_000);
    }
}
