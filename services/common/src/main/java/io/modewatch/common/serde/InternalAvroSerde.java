package io.modewatch.common.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Plain Avro binary, without the registry, for a service's own internal topics and state stores
 * (join windows, repartition topics, changelogs). Those are written and read by the same service
 * version, so registering a subject per internal topic would only add registry traffic; a one-byte
 * format version leaves room for a migration.
 */
public final class InternalAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private static final byte VERSION = 1;

    private final Schema schema;
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;

    public InternalAvroSerde(Class<T> type) {
        this.schema = SpecificData.get().getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema);
        this.reader = new SpecificDatumReader<>(schema);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(VERSION);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            try {
                writer.write(value, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new SerializationException("cannot encode " + schema.getName(), e);
            }
            return out.toByteArray();
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, data) -> data == null ? null : decode(data, 0, data.length);
    }

    /** Decodes a record that sits inside a larger array (a store value with a header of its own), without a copy. */
    public T decode(byte[] data, int offset, int length) {
        if (length == 0 || data[offset] != VERSION) {
            throw new SerializationException("internal " + schema.getName() + " record has an unknown format version");
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset + 1, length - 1, null);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot decode internal " + schema.getName() + " record", e);
        }
    }
}
