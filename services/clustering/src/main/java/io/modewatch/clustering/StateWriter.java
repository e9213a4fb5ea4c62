package io.modewatch.clustering;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes state entries. Floating-point values go out as raw bits, so that decoding restores them
 * bit for bit (including -0.0 and NaN payloads) and a restored state continues exactly.
 */
public final class StateWriter {

    /** The body of one entry. */
    public interface Body {
        void write(StateWriter out) throws IOException;
    }

    private final DataOutputStream out;

    private StateWriter(DataOutputStream out) {
        this.out = out;
    }

    public static byte[] entry(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            body.write(new StateWriter(data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Bytes of another entry, spliced in as they are. */
    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    public void writeByte(int v) throws IOException {
        out.writeByte(v);
    }

    public void writeBoolean(boolean v) throws IOException {
        out.writeBoolean(v);
    }

    public void writeInt(int v) throws IOException {
        out.writeInt(v);
    }

    public void writeLong(long v) throws IOException {
        out.writeLong(v);
    }

    public void writeDouble(double v) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(v));
    }

    public void writeString(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    public void writeNullableString(String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            writeString(s);
        }
    }

    // Arrays go through one ByteBuffer and one bulk write: the same big-endian bytes as element-wise
    // DataOutputStream calls, without a synchronized single-byte write per byte (a profile of the
    // clusterer showed those calls among its hottest).
    public void writeFloats(float[] v) throws IOException {
        out.writeInt(v.length);
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * v.length);
        bytes.asFloatBuffer().put(v);
        out.write(bytes.array());
    }

    public void writeDoubles(double[] v) throws IOException {
        out.writeInt(v.length);
        ByteBuffer bytes = ByteBuffer.allocate(Double.BYTES * v.length);
        bytes.asDoubleBuffer().put(v);
        out.write(bytes.array());
    }

    public void writeInts(int[] v) throws IOException {
        out.writeInt(v.length);
        ByteBuffer bytes = ByteBuffer.allocate(Integer.BYTES * v.length);
        bytes.asIntBuffer().put(v);
        out.write(bytes.array());
    }

    public void writeSignature(SparseSignature s) throws IOException {
        out.writeInt(s.dim());
        writeInts(s.indices());
        writeFloats(s.values());
    }

    /**
     * A centroid of known length, written sparsely when at most a third of it is non-zero (by raw
     * bits, so -0.0 survives); signature medians of sparse members are mostly zero.
     */
    public void writeCentroid(float[] centroid) throws IOException {
        int nnz = 0;
        for (float f : centroid) {
            if (Float.floatToRawIntBits(f) != 0) {
                nnz++;
            }
        }
        boolean sparse = nnz * 3 <= centroid.length;
        out.writeBoolean(sparse);
        if (!sparse) {
            for (float f : centroid) {
                out.writeInt(Float.floatToRawIntBits(f));
            }
            return;
        }
        out.writeInt(nnz);
        for (int j = 0; j < centroid.length; j++) {
            int bits = Float.floatToRawIntBits(centroid[j]);
            if (bits != 0) {
                out.writeInt(j);
                out.writeInt(bits);
            }
        }
    }
}
