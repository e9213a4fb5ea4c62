package io.modewatch.common.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.schema.PromptEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class PromptEventDeserializerTest {

    private static final PromptEvent FROM_AVRO = PromptEvent.newBuilder().setPromptId("a").setPrompt("p")
            .setTimestamp(Instant.EPOCH).build();

    /** Stands in for the registry deserializer: this test is about telling the encodings apart. */
    private final Deserializer<PromptEvent> avro = (topic, data) -> FROM_AVRO;
    private final PromptEventDeserializer deserializer = new PromptEventDeserializer(avro);

    private PromptEvent read(String json) {
        return deserializer.deserialize("llm-prompts", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPayloadStartingWithTheMagicByteIsReadAsAvro() {
        assertThat(deserializer.deserialize("t", new byte[] {0, 0, 0, 0, 1, 2})).isSameAs(FROM_AVRO);
    }

    @Test
    void aCompleteJsonPromptIsRead() {
        PromptEvent e = read(" {\"prompt_id\":\"p-1\",\"prompt\":\"hi\",\"scope\":\"faq\",\"model_route\":\"m\","
                + "\"timestamp\":1764115200000,\"attributes\":{\"tenant\":\"acme\"}}");
        assertThat(e.getPromptId()).isEqualTo("p-1");
        assertThat(e.getScope()).isEqualTo("faq");
        assertThat(e.getModelRoute()).isEqualTo("m");
        assertThat(e.getTimestamp()).isEqualTo(Instant.ofEpochMilli(1764115200000L));
        assertThat(e.getAttributes()).isEqualTo(Map.of("tenant", "acme"));
    }

    @Test
    void aJsonPromptWithOnlyTheRequiredFieldsGetsDefaults() {
        PromptEvent e = read("{\"prompt_id\":\"p-1\",\"prompt\":\"hi\"}");
        assertThat(e.getScope()).isNull();
        assertThat(e.getAttributes()).isEmpty();
        assertThat(e.getTimestamp()).isNotNull();
    }

    @Test
    void eachBrokenRuleIsRejectedWithAReasonThatNamesTheField() {
        assertThatThrownBy(() -> read("{\"prompt_id\":\"p\"}")).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("missing required field \"prompt\"");
        assertThatThrownBy(() -> read("{\"prompt\":\"x\"}")).hasMessageContaining("\"prompt_id\"");
        assertThatThrownBy(() -> read("{\"prompt_id\":\"p\",\"prompt\":\"  \"}")).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> read("{\"prompt_id\":7,\"prompt\":\"x\"}")).hasMessageContaining("must be a non-empty string");
        assertThatThrownBy(() -> read("{\"prompt_id\":\"p\",\"prompt\":\"x\",\"promt\":1}"))
                .hasMessageContaining("unknown field \"promt\"");
        assertThatThrownBy(() -> read("{\"prompt_id\":\"p\",\"prompt\":\"x\",\"timestamp\":\"yesterday\"}"))
                .hasMessageContaining("epoch milliseconds");
        assertThatThrownBy(() -> read("{\"prompt_id\":\"p\",\"prompt\":\"x\",\"attributes\":{\"a\":1}}"))
                .hasMessageContaining("attribute \"a\"");
        assertThatThrownBy(() -> read("{\"prompt_id\":\"p\",\"prompt\":")).isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void bytesThatAreNeitherAvroNorJsonAreRejected() {
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {(byte) 0xde, (byte) 0xad}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("first byte was 0xde");
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[0])).isInstanceOf(SerializationException.class);
    }

    @Test
    void aTombstoneStaysNull() {
        assertThat(deserializer.deserialize("t", null)).isNull();
    }
}
