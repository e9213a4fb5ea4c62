package io.modewatch.common.serde;

import io.modewatch.schema.PromptEvent;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The prompt topic takes two encodings: Avro in the Confluent wire format (first byte 0) and, for
 * gateways that cannot use the registry, JSON (first non-blank byte {@code '{'}). The first byte
 * tells them apart unambiguously. Anything else is rejected with a reason.
 */
public final class PromptEventDeserializer implements Deserializer<PromptEvent> {

    private static final byte AVRO_MAGIC = 0;

    private final Deserializer<PromptEvent> avro;
    private final PromptJsonReader json = new PromptJsonReader();

    public PromptEventDeserializer(Deserializer<PromptEvent> avro) {
        this.avro = avro;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // The Avro delegate arrives configured.
    }

    @Override
    public PromptEvent deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public PromptEvent deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0) {
            throw new SerializationException("empty prompt record: expected Avro (registry wire format) or JSON");
        }
        if (data[0] == AVRO_MAGIC) {
            return avro.deserialize(topic, headers, data);
        }
        int first = firstNonBlank(data);
        if (first >= 0 && data[first] == '{') {
            return json.read(data, -1);
        }
        throw new SerializationException("prompt record is neither Avro in the registry wire format (first byte 0)"
                + " nor a JSON object (first byte '{'); first byte was 0x"
                + String.format("%02x", data[0] & 0xff));
    }

    private static int firstNonBlank(byte[] data) {
        for (int i = 0; i < data.length; i++) {
            if (!Character.isWhitespace(data[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() {
        avro.close();
    }
}
