package io.modewatch.clustering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes state entries, big-endian, in the byte layout of {@link java.io.DataOutputStream} (which
 * {@link StateReader} reads). Floating-point values go out as raw bits, so that decoding restores
 * them bit for bit (including -0.0 and NaN payloads) and a restored state continues exactly.
 *
 * <p>The clusterer encodes a component core (several KB) for every event, so the writer fills one
 * growable array with array-view stores instead of going through a stream: a profile of the
 * stream-backed version spent most of its time in per-byte synchronized writes and buffer growth.
 */
public final class StateWriter {

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** The body of one entry. */
    public interface Body {
        void write(StateWriter out) throws IOException;
    }

    private byte[] buffer = new byte[4096];
    private int size;

    private StateWriter() {
    }

    public static byte[] entry(Body body) {
        StateWriter writer = new StateWriter();
        try {
            body.write(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(writer.buffer, writer.size);
    }

    private int reserve(int bytes) {
        int at = size;
        if (at + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, at + bytes));
        }
        size = at + bytes;
        return at;
    }

    /** Bytes of another entry, spliced in as they are. */
    public void writeRaw(byte[] bytes) {
        int at = reserve(bytes.length); // before reading the field: reserving may replace the array
        System.arraycopy(bytes, 0, buffer, at, bytes.length);
    }

    public void writeByte(int v) {
        int at = reserve(1);
        buffer[at] = (byte) v;
    }

    public void writeBoolean(boolean v) {
        writeByte(v ? 1 : 0);
    }

    public void writeInt(int v) {
        int at = reserve(Integer.BYTES);
        INT.set(buffer, at, v);
    }

    public void writeLong(long v) {
        int at = reserve(Long.BYTES);
        LONG.set(buffer, at, v);
    }

    public void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    public void writeString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(b.length);
        writeRaw(b);
    }

    public void writeNullableString(String s) {
        writeBoolean(s != null);
        if (s != null) {
            writeString(s);
        }
    }

    public void writeFloats(float[] v) {
        writeInt(v.length);
        int at = reserve(Float.BYTES * v.length);
        for (int i = 0; i < v.length; i++) {
            INT.set(buffer, at + Float.BYTES * i, Float.floatToRawIntBits(v[i]));
        }
    }

    public void writeDoubles(double[] v) {
        writeInt(v.length);
        int at = reserve(Double.BYTES * v.length);
        for (int i = 0; i < v.length; i++) {
            LONG.set(buffer, at + Double.BYTES * i, Double.doubleToRawLongBits(v[i]));
        }
    }

    public void writeInts(int[] v) {
        writeInt(v.length);
        int at = reserve(Integer.BYTES * v.length);
        for (int i = 0; i < v.length; i++) {
            INT.set(buffer, at + Integer.BYTES * i, v[i]);
        }
    }

    public void writeSignature(SparseSignature s) {
        writeInt(s.dim());
        writeInts(s.indices());
        writeFloats(s.values());
    }

    /**
     * A centroid of known length, written sparsely when at most a third of it is non-zero (by raw
     * bits, so -0.0 survives); signature medians of sparse members are mostly zero.
     */
    public void writeCentroid(float[] centroid) {
        int nnz = 0;
        for (float f : centroid) {
            if (Float.floatToRawIntBits(f) != 0) {
                nnz++;
            }
        }
        boolean sparse = nnz * 3 <= centroid.length;
        writeBoolean(sparse);
        if (!sparse) {
            int at = reserve(Float.BYTES * centroid.length);
            for (int j = 0; j < centroid.length; j++) {
                INT.set(buffer, at + Float.BYTES * j, Float.floatToRawIntBits(centroid[j]));
            }
            return;
        }
        writeInt(nnz);
        int at = reserve(2 * Integer.BYTES * nnz);
        for (int j = 0; j < centroid.length; j++) {
            int bits = Float.floatToRawIntBits(centroid[j]);
            if (bits != 0) {
                INT.set(buffer, at, j);
                INT.set(buffer, at + Integer.BYTES, bits);
                at += 2 * Integer.BYTES;
            }
        }
    }
}
