package io.modewatch.common.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.modewatch.schema.ClusterAssignment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class SchemaInstanceDatumProviderTest {

    private static final Schema V1 = SchemaBuilder.record("Point").namespace("test").fields()
            .requiredString("name").requiredFloat("x").endRecord();
    private static final Schema V2 = SchemaBuilder.record("Point").namespace("test").fields()
            .requiredString("name").requiredFloat("x").name("y").type().floatType().floatDefault(7f).endRecord();

    private static SchemaInstanceDatumProvider<Object> provider() {
        var p = new SchemaInstanceDatumProvider<>();
        p.configure(new AvroSerdeConfig(Map.of()));
        return p;
    }

    @Test
    void oneSchemaObjectGetsOneReaderAndOneWriter() {
        var p = provider();
        GenericRecord point = new GenericData.Record(V1);
        assertThat(p.createDatumReader(V1)).isSameAs(p.createDatumReader(V1));
        assertThat(p.createDatumWriter(point, V1)).isSameAs(p.createDatumWriter(point, V1));
        assertThat(p.createDatumReader(V2)).isNotSameAs(p.createDatumReader(V1));
    }

    @Test
    void aSpecificAndAGenericDatumOfOneSchemaGetTheirOwnWriters() {
        var p = provider();
        Schema schema = ClusterAssignment.getClassSchema();
        var specific = p.createDatumWriter(new ClusterAssignment(), schema);
        var generic = p.createDatumWriter(new GenericData.Record(schema), schema);
        assertThat(specific).isNotSameAs(generic);
        assertThat(specific.getClass().getSimpleName()).isEqualTo("SpecificDatumWriter");
        assertThat(generic.getClass().getSimpleName()).isEqualTo("GenericDatumWriter");
    }

    @Test
    void whatTheCachedWriterWritesTheCachedReaderReadsBack() throws IOException {
        var p = provider();
        GenericRecord old = new GenericData.Record(V1);
        old.put("name", "door");
        old.put("x", 1.5f);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        p.createDatumWriter(old, V1).write(old, encoder);
        encoder.flush();
        var reader = p.createDatumReader(V1);
        reader.setSchema(V1);
        Object back = reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(back).hasToString("{\"name\": \"door\", \"x\": 1.5}");
        assertThat(p.createDatumReader(V1)).isSameAs(reader);
    }
}
