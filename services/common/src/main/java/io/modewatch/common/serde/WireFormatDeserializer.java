package io.modewatch.common.serde;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The registry deserializer with failures a person can act on: a value that is not in the
 * Confluent wire format, or one whose schema id the registry cannot resolve, fails with a message
 * that says so and names the id (the client library's own error is often only a class name). The
 * library's exception is kept as suppressed, so the dead letter's stack trace still shows it.
 */
final class WireFormatDeserializer<T> implements Deserializer<T> {

    private final Deserializer<T> delegate;

    WireFormatDeserializer(Deserializer<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        delegate.configure(configs, isKey);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        return deserialize(topic, null, data);
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < 5 || data[0] != 0) {
            throw new SerializationException(String.format("the value is not in the Confluent wire format (byte 0,"
                    + " a 4-byte schema id, then Avro): it has %d bytes and starts with 0x%02x", data.length,
                    data.length == 0 ? 0 : data[0] & 0xff));
        }
        int schemaId = ByteBuffer.wrap(data, 1, 4).getInt();
        try {
            return headers == null ? delegate.deserialize(topic, data) : delegate.deserialize(topic, headers, data);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String detail = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
            var failure = new SerializationException("could not decode the value with schema id " + schemaId
                    + " (an id the registry does not know, or bytes that do not match that schema): " + detail);
            failure.addSuppressed(e);
            throw failure;
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
