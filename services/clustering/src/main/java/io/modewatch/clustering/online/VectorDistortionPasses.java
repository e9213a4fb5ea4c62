package io.modewatch.clustering.online;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DistortionPasses} with the Vector API ({@code jdk.incubator.vector}, loaded only when the
 * JVM runs with {@code --add-modules jdk.incubator.vector}). For each block of components as wide
 * as a vector it keeps the accumulators in a register and streams every coordinate (or active unit)
 * through it, instead of loading and storing K accumulators once per coordinate. Each lane does the
 * scalar code's float operations in the same order, so the sums are bit for bit the same.
 */
final class VectorDistortionPasses implements DistortionPasses {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** Fewer components than one vector holds: the plain passes (same bits) do better than a tail loop. */
    private final DistortionPasses narrow = new ScalarDistortionPasses();

    @Override
    public String describe() {
        return "Vector API, " + SPECIES.length() + " float lanes";
    }

    @Override
    public void squares(float[][] rows, float[] e, float[] acc) {
        int k = acc.length;
        int lanes = SPECIES.length();
        if (k < lanes) {
            narrow.squares(rows, e, acc);
            return;
        }
        int bound = SPECIES.loopBound(k);
        int d = rows.length;
        int c = 0;
        // Two blocks of components per pass: two independent accumulator chains hide the add latency,
        // and each row is fetched once for both. Each lane still adds its terms in coordinate order.
        for (; c + 2 * lanes <= bound; c += 2 * lanes) {
            FloatVector a0 = FloatVector.zero(SPECIES);
            FloatVector a1 = FloatVector.zero(SPECIES);
            for (int j = 0; j < d; j++) {
                float[] row = rows[j];
                FloatVector x = FloatVector.broadcast(SPECIES, e[j]);
                FloatVector d0 = x.sub(FloatVector.fromArray(SPECIES, row, c));
                FloatVector d1 = x.sub(FloatVector.fromArray(SPECIES, row, c + lanes));
                a0 = a0.add(d0.mul(d0));
                a1 = a1.add(d1.mul(d1));
            }
            a0.intoArray(acc, c);
            a1.intoArray(acc, c + lanes);
        }
        for (; c < bound; c += lanes) {
            FloatVector a = FloatVector.zero(SPECIES);
            for (int j = 0; j < d; j++) {
                FloatVector diff = FloatVector.broadcast(SPECIES, e[j]).sub(FloatVector.fromArray(SPECIES, rows[j], c));
                a = a.add(diff.mul(diff));
            }
            a.intoArray(acc, c);
        }
        for (c = bound; c < k; c++) {
            float a = 0f;
            for (int j = 0; j < d; j++) {
                float diff = e[j] - rows[j][c];
                a += diff * diff;
            }
            acc[c] = a;
        }
    }

    @Override
    public void absoluteChanges(float[][] units, int[] idx, float[] val, float[] acc) {
        int k = acc.length;
        int lanes = SPECIES.length();
        if (k < lanes) {
            narrow.absoluteChanges(units, idx, val, acc);
            return;
        }
        int bound = SPECIES.loopBound(k);
        int nnz = idx.length;
        int c = 0;
        for (; c + 2 * lanes <= bound; c += 2 * lanes) {
            FloatVector a0 = FloatVector.zero(SPECIES);
            FloatVector a1 = FloatVector.zero(SPECIES);
            for (int n = 0; n < nnz; n++) {
                float[] unit = units[idx[n]];
                FloatVector x = FloatVector.broadcast(SPECIES, val[n]);
                FloatVector m0 = FloatVector.fromArray(SPECIES, unit, c);
                FloatVector m1 = FloatVector.fromArray(SPECIES, unit, c + lanes);
                a0 = a0.add(x.sub(m0).lanewise(VectorOperators.ABS).sub(m0.lanewise(VectorOperators.ABS)));
                a1 = a1.add(x.sub(m1).lanewise(VectorOperators.ABS).sub(m1.lanewise(VectorOperators.ABS)));
            }
            a0.intoArray(acc, c);
            a1.intoArray(acc, c + lanes);
        }
        for (; c < bound; c += lanes) {
            FloatVector a = FloatVector.zero(SPECIES);
            for (int n = 0; n < nnz; n++) {
                FloatVector m = FloatVector.fromArray(SPECIES, units[idx[n]], c);
                a = a.add(FloatVector.broadcast(SPECIES, val[n]).sub(m).lanewise(VectorOperators.ABS)
                        .sub(m.lanewise(VectorOperators.ABS)));
            }
            a.intoArray(acc, c);
        }
        for (c = bound; c < k; c++) {
            float a = 0f;
            for (int n = 0; n < nnz; n++) {
                float m = units[idx[n]][c];
                a += Math.abs(val[n] - m) - Math.abs(m);
            }
            acc[c] = a;
        }
    }
}
