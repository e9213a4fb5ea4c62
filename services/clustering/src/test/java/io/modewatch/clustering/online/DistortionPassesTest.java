package io.modewatch.clustering.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistortionPassesTest {

    @Test
    void theVectorPassesGiveTheScalarPassesBitsForEveryComponentCountAndSupport() {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the JVM runs without --add-modules jdk.incubator.vector");
        DistortionPasses vector = DistortionPasses.best();
        assertThat(vector).isInstanceOf(VectorDistortionPasses.class);
        DistortionPasses scalar = new ScalarDistortionPasses();
        SplittableRandom random = new SplittableRandom(7);
        for (int k : new int[] {1, 3, 8, 15, 16, 17, 32, 33, 64, 100}) {
            for (int round = 0; round < 20; round++) {
                int d = 1 + random.nextInt(400);
                int dim = 1 + random.nextInt(600);
                float[][] rows = matrix(random, d, k);
                float[][] units = matrix(random, dim, k);
                float[] e = vector(random, d);
                int[] idx = random.ints(0, dim).distinct().limit(random.nextInt(Math.min(dim, 300) + 1)).sorted().toArray();
                float[] val = vector(random, idx.length);
                float[] a = new float[k];
                float[] b = new float[k];
                scalar.squares(rows, e, a);
                vector.squares(rows, e, b);
                assertThat(bits(b)).as("squares, k=%d d=%d", k, d).isEqualTo(bits(a));
                scalar.absoluteChanges(units, idx, val, a);
                vector.absoluteChanges(units, idx, val, b);
                assertThat(bits(b)).as("absolute changes, k=%d nnz=%d", k, idx.length).isEqualTo(bits(a));
            }
        }
    }

    private static float[][] matrix(SplittableRandom random, int rows, int k) {
        float[][] m = new float[rows][];
        for (int j = 0; j < rows; j++) {
            m[j] = vector(random, k);
        }
        return m;
    }

    private static float[] vector(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            // Mixed magnitudes and exact zeros, where rounding order shows.
            v[i] = random.nextInt(5) == 0 ? 0f : (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-3, 4)));
        }
        return v;
    }

    private static int[] bits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return out;
    }
}
