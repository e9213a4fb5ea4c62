package io.modewatch.common.serde;

import java.util.List;
import org.apache.avro.generic.PrimitivesArrays;

/**
 * Avro array fields as Java arrays: unboxed when the list is one of Avro's primitive arrays (what
 * {@link ContinuationHalfReaders} decodes into), element by element otherwise (a record built in code).
 */
public final class AvroArrays {

    private AvroArrays() {
    }

    public static float[] floats(List<Float> list) {
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
