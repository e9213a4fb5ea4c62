package io.modewatch.common.serde;

import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import java.io.IOException;
import java.time.Instant;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;

/**
 * Readers of the two records the clusterer reads most, written out field by field so that their
 * vectors decode into primitive arrays (each float block read in one piece) instead of one boxed
 * number per coordinate: Avro's own reader boxes each of the 384 + 2 x 256 numbers of a continuation and
 * appends it to a list, which was a fifth of the clusterer's stream thread at 5,000
 * continuations/s. A reader here is used only for a writer schema equal to the generated class's
 * schema (the one this code was written against); any other version goes to Avro's resolving
 * reader, so schema evolution keeps working, only slower.
 */
final class ContinuationHalfReaders {

    /** Far above any embedding or signature (a model of a million units), far below what would exhaust the heap. */
    private static final int MAX_ARRAY = 1 << 24;

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
            e.setVector(floats(in));
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
            s.setIndices(ints(in));
            s.setValues(floats(in));
            s.setTargetValue(in.readDouble());
            s.setWeight(in.readDouble());
            s.setTimestamp(Instant.ofEpochMilli(in.readLong()));
            return s;
        }
    }

    /** A float array is blocks of little-endian IEEE floats: each block is read in one piece. */
    private static List<Float> floats(Decoder in) throws IOException {
        float[] out = new float[0];
        int size = 0;
        byte[] bytes = new byte[0];
        for (long block = in.readArrayStart(); block > 0; block = in.arrayNext()) {
            int n = checkedLength(block, size);
            if (bytes.length < 4 * n) {
                bytes = new byte[4 * n];
            }
            in.readFixed(bytes, 0, 4 * n);
            out = Arrays.copyOf(out, size + n);
            ByteBuffer.wrap(bytes, 0, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out, size, n);
            size += n;
        }
        return new AvroArrays.Floats(out);
    }

    private static List<Integer> ints(Decoder in) throws IOException {
        int[] out = new int[0];
        int size = 0;
        for (long block = in.readArrayStart(); block > 0; block = in.arrayNext()) {
            int n = checkedLength(block, size);
            out = Arrays.copyOf(out, size + n);
            for (int i = 0; i < n; i++) {
                out[size + i] = in.readInt();
            }
            size += n;
        }
        return new AvroArrays.Ints(out);
    }

    /** A block count a corrupt record could make absurd: refused before an array of that size is made. */
    private static int checkedLength(long block, int size) throws IOException {
        if (block > MAX_ARRAY - size) {
            throw new IOException("array of more than " + MAX_ARRAY + " elements");
        }
        return (int) block;
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
