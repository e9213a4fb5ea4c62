package io.modewatch.clustering;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads what {@link StateWriter} wrote. */
public final class StateReader {

    private final DataInputStream in;

    public StateReader(byte[] entry) {
        this.in = new DataInputStream(new ByteArrayInputStream(entry));
    }

    public byte readByte() throws IOException {
        return in.readByte();
    }

    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    public int readInt() throws IOException {
        return in.readInt();
    }

    public long readLong() throws IOException {
        return in.readLong();
    }

    public double readDouble() throws IOException {
        return Double.longBitsToDouble(in.readLong());
    }

    public String readString() throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public String readNullableString() throws IOException {
        return in.readBoolean() ? readString() : null;
    }

    // Arrays are read in one bulk read into a ByteBuffer: the same bytes StateWriter writes.
    public float[] readFloats() throws IOException {
        float[] v = new float[in.readInt()];
        bulk(Float.BYTES * v.length).asFloatBuffer().get(v);
        return v;
    }

    public double[] readDoubles() throws IOException {
        double[] v = new double[in.readInt()];
        bulk(Double.BYTES * v.length).asDoubleBuffer().get(v);
        return v;
    }

    public int[] readInts() throws IOException {
        int[] v = new int[in.readInt()];
        bulk(Integer.BYTES * v.length).asIntBuffer().get(v);
        return v;
    }

    private ByteBuffer bulk(int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes);
    }

    public SparseSignature readSignature() throws IOException {
        int dim = in.readInt();
        return new SparseSignature(dim, readInts(), readFloats());
    }

    /** Fills {@code centroid}, whose length the caller knows. */
    public void readCentroid(float[] centroid) throws IOException {
        if (!in.readBoolean()) {
            for (int j = 0; j < centroid.length; j++) {
                centroid[j] = Float.intBitsToFloat(in.readInt());
            }
            return;
        }
        int nnz = in.readInt();
        for (int k = 0; k < nnz; k++) {
            int j = in.readInt();
            centroid[j] = Float.intBitsToFloat(in.readInt());
        }
    }
}
