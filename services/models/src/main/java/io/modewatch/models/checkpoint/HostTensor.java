package io.modewatch.models.checkpoint;

import java.util.Arrays;

/**
 * A dense float tensor held on the Java heap, row-major. Checkpoints are read into and written from
 * this form so that file formats never see engine arrays.
 */
public record HostTensor(long[] shape, float[] data) {

    public HostTensor {
        if (numel(shape) != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + numel(shape) + " values, got " + data.length);
        }
    }

    public static HostTensor zeros(long... shape) {
        return new HostTensor(shape, new float[Math.toIntExact(numel(shape))]);
    }

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    public int rank() {
        return shape.length;
    }

    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    /** The transpose of a matrix: Hugging Face linear layers store [out, in], the forward pass wants [in, out]. */
    public HostTensor transposed() {
        if (shape.length != 2) {
            throw new IllegalStateException("transpose needs a matrix, shape is " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[] out = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = data[r * cols + c];
            }
        }
        return new HostTensor(new long[] {cols, rows}, out);
    }

    /** Columns [from, to) of a matrix: GPT-2 fuses q, k and v into one [d, 3d] matrix. */
    public HostTensor columns(int from, int to) {
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        int width = to - from;
        float[] out = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data, r * cols + from, out, r * width, width);
        }
        return new HostTensor(new long[] {rows, width}, out);
    }

    /** Concatenates matrices side by side (the inverse of {@link #columns}). */
    public static HostTensor concatColumns(HostTensor... parts) {
        int rows = parts[0].shape.length == 1 ? 1 : (int) parts[0].shape[0];
        int total = 0;
        for (HostTensor p : parts) {
            total += (int) p.shape[p.shape.length - 1];
        }
        float[] out = new float[rows * total];
        int offset = 0;
        for (HostTensor p : parts) {
            int w = (int) p.shape[p.shape.length - 1];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(p.data, r * w, out, r * total + offset, w);
            }
            offset += w;
        }
        long[] shape = parts[0].shape.length == 1 ? new long[] {total} : new long[] {rows, total};
        return new HostTensor(shape, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "HostTensor" + Arrays.toString(shape);
    }
}
