package io.modewatch.common.serde;

import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.PrimitivesArrays;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;

/**
 * Readers of the two records the clusterer reads most, written out field by field so that their
 * vectors decode into primitive arrays ({@link PrimitivesArrays}) instead of one boxed number per
 * coordinate: Avro's own reader boxes each of the 384 + 2 x 256 numbers of a continuation and
 * appends it to a list, which was a fifth of the clusterer's stream thread at 5,000
 * continuations/s. A reader here is used only for a writer schema equal to the generated class's
 * schema (the one this code was written against); any other version goes to Avro's resolving
 * reader, so schema evolution keeps working, only slower.
 */
final class ContinuationHalfReaders {

    private static final Schema VECTOR = ContinuationEmbedding.getClassSchema().getField("vector").schema();
    private static final Schema INDICES = ContinuationSignature.getClassSchema().getField("indices").schema();
    private static final Schema VALUES = ContinuationSignature.getClassSchema().getField("values").schema();

    private ContinuationHalfReaders() {
    }

    /** The field-by-field reader for records written with {@code writer}, or null when there is none for it. */
    @SuppressWarnings("unchecked")
    static <T> DatumReader<T> forWriterSchema(Schema writer) {
        if (writer.equals(ContinuationEmbedding.getClassSchema())) {
            return (DatumReader<T>) new EmbeddingReader();
        }
        if (writer.equals(ContinuationSignature.getClassSchema())) {
            return (DatumReader<T>) new SignatureReader();
        }
        return null;
    }

    /** Fields in the order of ContinuationEmbedding.avsc. */
    static final class EmbeddingReader implements DatumReader<ContinuationEmbedding> {
        @Override
        public void setSchema(Schema schema) {
        }

        @Override
        public ContinuationEmbedding read(ContinuationEmbedding reuse, Decoder in) throws IOException {
            ContinuationEmbedding e = new ContinuationEmbedding();
            e.setContinuationId(in.readString());
            e.setScope(in.readString());
            e.setEmbedderId(in.readString());
            e.setDimension(in.readInt());
            e.setVector(floats(in, VECTOR));
            e.setWeight(in.readDouble());
            e.setTimestamp(Instant.ofEpochMilli(in.readLong()));
            e.setText(nullableString(in));
            e.setAttributes(stringMap(in));
            return e;
        }
    }

    /** Fields in the order of ContinuationSignature.avsc. */
    static final class SignatureReader implements DatumReader<ContinuationSignature> {
        @Override
        public void setSchema(Schema schema) {
        }

        @Override
        public ContinuationSignature read(ContinuationSignature reuse, Decoder in) throws IOException {
            ContinuationSignature s = new ContinuationSignature();
            s.setContinuationId(in.readString());
            s.setScope(in.readString());
            s.setModelId(in.readString());
            s.setModelVersion(in.readString());
            s.setSignatureSpaceId(in.readString());
            s.setDimension(in.readInt());
            s.setIndices(ints(in, INDICES));
            s.setValues(floats(in, VALUES));
            s.setTargetValue(in.readDouble());
            s.setWeight(in.readDouble());
            s.setTimestamp(Instant.ofEpochMilli(in.readLong()));
            return s;
        }
    }

    private static PrimitivesArrays.FloatArray floats(Decoder in, Schema schema) throws IOException {
        long block = in.readArrayStart();
        PrimitivesArrays.FloatArray out = new PrimitivesArrays.FloatArray((int) Math.min(block, 1 << 20), schema);
        while (block > 0) {
            for (long i = 0; i < block; i++) {
                out.add(out.size(), in.readFloat());
            }
            block = in.arrayNext();
        }
        return out;
    }

    private static PrimitivesArrays.IntArray ints(Decoder in, Schema schema) throws IOException {
        long block = in.readArrayStart();
        PrimitivesArrays.IntArray out = new PrimitivesArrays.IntArray((int) Math.min(block, 1 << 20), schema);
        while (block > 0) {
            for (long i = 0; i < block; i++) {
                out.add(out.size(), in.readInt());
            }
            block = in.arrayNext();
        }
        return out;
    }

    private static String nullableString(Decoder in) throws IOException {
        if (in.readIndex() == 0) {
            in.readNull();
            return null;
        }
        return in.readString();
    }

    private static Map<String, String> stringMap(Decoder in) throws IOException {
        long block = in.readMapStart();
        Map<String, String> out = new HashMap<>();
        while (block > 0) {
            for (long i = 0; i < block; i++) {
                out.put(in.readString(), in.readString());
            }
            block = in.mapNext();
        }
        return out;
    }
}
