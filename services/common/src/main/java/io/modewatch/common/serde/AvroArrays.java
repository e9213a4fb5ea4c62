package io.modewatch.common.serde;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.apache.avro.generic.PrimitivesArrays;

/**
 * Avro array fields as Java arrays: copied whole when the list is one {@link ContinuationHalfReaders}
 * decoded ({@link Floats}, {@link Ints}), unboxed when it is one of Avro's primitive arrays, element
 * by element otherwise (a record built in code).
 */
public final class AvroArrays {

    private AvroArrays() {
    }

    /** A read-only list over a float array, as decoded: no boxed number is made until someone asks for one. */
    static final class Floats extends AbstractList<Float> implements RandomAccess {
        private final float[] values;

        Floats(float[] values) {
            this.values = values;
        }

        @Override
        public Float get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }
    }

    /** A read-only list over an int array, as decoded. */
    static final class Ints extends AbstractList<Integer> implements RandomAccess {
        private final int[] values;

        Ints(int[] values) {
            this.values = values;
        }

        @Override
        public Integer get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }
    }

    public static float[] floats(List<Float> list) {
        if (list instanceof Floats decoded) {
            return decoded.values.clone();
        }
        float[] out = new float[list.size()];
        if (list instanceof PrimitivesArrays.FloatArray primitive) {
            for (int i = 0; i < out.length; i++) {
                out[i] = primitive.getFloat(i);
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = list.get(i);
            }
        }
        return out;
    }

    public static int[] ints(List<Integer> list) {
        if (list instanceof Ints decoded) {
            return decoded.values.clone();
        }
        int[] out = new int[list.size()];
        if (list instanceof PrimitivesArrays.IntArray primitive) {
            for (int i = 0; i < out.length; i++) {
                out[i] = primitive.getInt(i);
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = list.get(i);
            }
        }
        return out;
    }
}
