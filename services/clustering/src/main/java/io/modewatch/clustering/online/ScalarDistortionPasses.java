package io.modewatch.clustering.online;

import java.util.Arrays;

/**
 * {@link DistortionPasses} as plain loops over the K components, which C2 auto-vectorises on
 * JDK 17 (a flat array indexed {@code j * k + c} was not vectorised: the differing offsets defeat
 * its alignment analysis). The loops take four coordinates (or four active units) per pass over
 * the K components: a pass over K values is too short for C2's vectorised main loop to amortise
 * its set-up (with 16-lane vectors it is often not entered at all at K <= 32), so the fixed cost
 * per pass, not the arithmetic, dominated. Each accumulator still adds the terms one by one in
 * coordinate order, so the sums are bit for bit those of a one-coordinate-per-pass loop.
 */
final class ScalarDistortionPasses implements DistortionPasses {

    @Override
    public String describe() {
        return "plain loops (start the JVM with --add-modules jdk.incubator.vector for the Vector API passes, about 1.5x faster)";
    }

    @Override
    public void squares(float[][] rows, float[] e, float[] se) {
        Arrays.fill(se, 0f);
        int d = rows.length;
        int j = 0;
        for (; j + 3 < d; j += 4) {
            accumulateSquares(se, rows[j], rows[j + 1], rows[j + 2], rows[j + 3], e[j], e[j + 1], e[j + 2], e[j + 3]);
        }
        for (; j < d; j++) {
            accumulateSquares(se, rows[j], e[j]);
        }
    }

    @Override
    public void absoluteChanges(float[][] units, int[] idx, float[] val, float[] sa) {
        Arrays.fill(sa, 0f);
        int nnz = idx.length;
        int n = 0;
        for (; n + 3 < nnz; n += 4) {
            accumulateAbsoluteChange(sa, units[idx[n]], units[idx[n + 1]], units[idx[n + 2]], units[idx[n + 3]],
                    val[n], val[n + 1], val[n + 2], val[n + 3]);
        }
        for (; n < nnz; n++) {
            accumulateAbsoluteChange(sa, units[idx[n]], val[n]);
        }
    }

    private static void accumulateSquares(float[] acc, float[] row, float x) {
        for (int c = 0; c < acc.length; c++) {
            float d = x - row[c];
            acc[c] += d * d;
        }
    }

    private static void accumulateSquares(float[] acc, float[] r0, float[] r1, float[] r2, float[] r3,
                                          float x0, float x1, float x2, float x3) {
        for (int c = 0; c < acc.length; c++) {
            float d0 = x0 - r0[c];
            float d1 = x1 - r1[c];
            float d2 = x2 - r2[c];
            float d3 = x3 - r3[c];
            acc[c] = (((acc[c] + d0 * d0) + d1 * d1) + d2 * d2) + d3 * d3;
        }
    }

    /** {@code |x - mu| - |mu|}: the change an active unit makes to the L1 distance from the centroid's own norm. */
    private static void accumulateAbsoluteChange(float[] acc, float[] row, float x) {
        for (int c = 0; c < acc.length; c++) {
            float m = row[c];
            acc[c] += Math.abs(x - m) - Math.abs(m);
        }
    }

    private static void accumulateAbsoluteChange(float[] acc, float[] r0, float[] r1, float[] r2, float[] r3,
                                                 float x0, float x1, float x2, float x3) {
        for (int c = 0; c < acc.length; c++) {
            float m0 = r0[c];
            float m1 = r1[c];
            float m2 = r2[c];
            float m3 = r3[c];
            acc[c] = (((acc[c] + (Math.abs(x0 - m0) - Math.abs(m0))) + (Math.abs(x1 - m1) - Math.abs(m1)))
                    + (Math.abs(x2 - m2) - Math.abs(m2))) + (Math.abs(x3 - m3) - Math.abs(m3));
        }
    }
}
