package io.modewatch.common.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class WireFormatDeserializerTest {

    /** What the registry client does for an id it cannot resolve: an exception without a message. */
    private static final class Opaque extends RuntimeException {
    }

    private static final Deserializer<String> UNKNOWN_ID = (topic, data) -> {
        throw new IllegalStateException(new Opaque());
    };

    @Test
    void bytesThatAreNotTheWireFormatSaySoWithTheirFirstByte() {
        var d = new WireFormatDeserializer<>(UNKNOWN_ID);
        assertThatThrownBy(() -> d.deserialize("t", new byte[] {(byte) 0xde, (byte) 0xad, 1, 2, 3, 4}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not in the Confluent wire format")
                .hasMessageContaining("0xde").hasMessageContaining("6 bytes");
        assertThatThrownBy(() -> d.deserialize("t", new byte[] {0, 1})).hasMessageContaining("2 bytes");
    }

    @Test
    void aSchemaIdTheRegistryCannotResolveIsNamedAndTheLibrarysErrorKept() {
        var d = new WireFormatDeserializer<>(UNKNOWN_ID);
        byte[] value = ByteBuffer.allocate(8).put((byte) 0).putInt(987_654).put(new byte[] {1, 2, 3}).array();
        assertThatThrownBy(() -> d.deserialize("t", value)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 987654").hasMessageContaining("Opaque")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1)).hasNoCause();
    }

    @Test
    void aGoodValueAndATombstonePassThrough() {
        var d = new WireFormatDeserializer<>((Deserializer<String>) (topic, data) -> "decoded");
        assertThat(d.deserialize("t", new byte[] {0, 0, 0, 0, 7, 42})).isEqualTo("decoded");
        assertThat(d.deserialize("t", null)).isNull();
    }
}
