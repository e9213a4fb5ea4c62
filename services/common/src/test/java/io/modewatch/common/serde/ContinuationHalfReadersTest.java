package io.modewatch.common.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The field-by-field readers must read every record of the generated schemas exactly as Avro's
 * own reader does (seeded random records, also in several array blocks), and must not be used for
 * any other writer schema.
 */
class ContinuationHalfReadersTest {

    @Test
    void randomEmbeddingsReadAsAvrosOwnReaderReadsThem() throws IOException {
        Random random = new Random(3);
        for (int n = 0; n < 200; n++) {
            List<Float> vector = new ArrayList<>();
            for (int i = 0, d = random.nextInt(400); i < d; i++) {
                vector.add((float) random.nextGaussian());
            }
            Map<String, String> attributes = new HashMap<>();
            for (int i = 0, a = random.nextInt(4); i < a; i++) {
                attributes.put("k" + i + "é", "v" + random.nextInt());
            }
            ContinuationEmbedding e = ContinuationEmbedding.newBuilder().setContinuationId("c-" + n + "\u00fc")
                    .setScope("scope-" + random.nextInt(3)).setEmbedderId("mini").setDimension(vector.size())
                    .setVector(vector).setWeight(random.nextDouble()).setTimestamp(Instant.ofEpochMilli(random.nextLong() >>> 20))
                    .setText(random.nextBoolean() ? null : "text " + n).setAttributes(attributes).build();
            assertReadAlike(e, ContinuationEmbedding.getClassSchema(), random.nextBoolean());
        }
    }

    @Test
    void randomSignaturesReadAsAvrosOwnReaderReadsThem() throws IOException {
        Random random = new Random(4);
        for (int n = 0; n < 200; n++) {
            List<Integer> indices = new ArrayList<>();
            List<Float> values = new ArrayList<>();
            for (int i = 0, k = random.nextInt(300); i < k; i++) {
                indices.add(i * 3 + random.nextInt(3) - (random.nextInt(50) == 0 ? 1_000_000 : 0));
                values.add((float) random.nextGaussian() * 100);
            }
            ContinuationSignature s = ContinuationSignature.newBuilder().setContinuationId("c-" + n).setScope("s")
                    .setModelId("tiny").setModelVersion("1").setSignatureSpaceId("mlp-neurons:L2x64").setDimension(2048)
                    .setIndices(indices).setValues(values).setTargetValue(random.nextGaussian()).setWeight(random.nextDouble())
                    .setTimestamp(Instant.ofEpochMilli(random.nextInt(1 << 30))).build();
            assertReadAlike(s, ContinuationSignature.getClassSchema(), random.nextBoolean());
        }
    }

    @Test
    void vectorsDecodeIntoPrimitiveArrays() throws IOException {
        ContinuationSignature s = ContinuationSignature.newBuilder().setContinuationId("c").setScope("s").setModelId("m")
                .setModelVersion("1").setSignatureSpaceId("x").setDimension(8).setIndices(List.of(1, 5))
                .setValues(List.of(0.5f, -2f)).setTargetValue(1).setWeight(0.5).setTimestamp(Instant.EPOCH).build();
        SpecificRecord back = read(ContinuationHalfReaders.forWriterSchema(ContinuationSignature.getClassSchema()),
                write(s, ContinuationSignature.getClassSchema(), false));
        ContinuationSignature read = (ContinuationSignature) back;
        assertThat(read.getIndices()).isInstanceOf(AvroArrays.Ints.class);
        assertThat(read.getValues()).isInstanceOf(AvroArrays.Floats.class);
        assertThat(AvroArrays.ints(read.getIndices())).containsExactly(1, 5);
        assertThat(AvroArrays.floats(read.getValues())).containsExactly(0.5f, -2f);
    }

    @Test
    void anyOtherWriterSchemaGetsNoFieldByFieldReader() {
        Schema evolved = SchemaBuilder.record("ContinuationEmbedding").namespace("io.modewatch.schema").fields()
                .requiredString("continuation_id").requiredString("scope").endRecord();
        assertThat(ContinuationHalfReaders.<Object>forWriterSchema(evolved)).isNull();
        assertThat(ContinuationHalfReaders.<Object>forWriterSchema(io.modewatch.schema.ClusterAssignment.getClassSchema())).isNull();
        var provider = new SchemaInstanceDatumProvider<Object>();
        provider.configure(new io.apicurio.registry.serde.avro.AvroSerdeConfig(Map.of()));
        assertThat(provider.createDatumReader(ContinuationEmbedding.getClassSchema()))
                .isInstanceOf(ContinuationHalfReaders.EmbeddingReader.class);
        assertThat(provider.createDatumReader(evolved)).isNotInstanceOfAny(ContinuationHalfReaders.EmbeddingReader.class,
                ContinuationHalfReaders.SignatureReader.class);
    }

    private static void assertReadAlike(SpecificRecord record, Schema schema, boolean blocked) throws IOException {
        byte[] bytes = write(record, schema, blocked);
        if (blocked) {
            assertThat(bytes).as("blocked encoding differs").isNotEqualTo(write(record, schema, false));
        }
        SpecificRecord avro = read(new SpecificDatumReader<>(schema), bytes);
        SpecificRecord fast = read(ContinuationHalfReaders.forWriterSchema(schema), bytes);
        assertThat(fast).isEqualTo(avro).isEqualTo(record);
        assertThat(fast.toString()).isEqualTo(avro.toString());
    }

    /** Encoded as the producers encode it, or (blocked) with arrays cut into blocks of 32 bytes, as a blocking encoder may. */
    private static byte[] write(SpecificRecord record, Schema schema, boolean blocked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = blocked ? new EncoderFactory().configureBlockSize(32).blockingBinaryEncoder(out, null)
                : EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<SpecificRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static <T> SpecificRecord read(DatumReader<T> reader, byte[] bytes) throws IOException {
        return (SpecificRecord) reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    }
}
