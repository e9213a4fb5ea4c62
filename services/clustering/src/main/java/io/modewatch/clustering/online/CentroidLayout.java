package io.modewatch.clustering.online;

import io.modewatch.clustering.SparseSignature;

/**
 * The per-event assignment's view of the components: centroids stored dimension-major, one small
 * array of K values per semantic coordinate and per signature unit, so that for each coordinate
 * (and each active unit) the inner loop runs over the K components with every array indexed by the
 * same {@code c}, a shape C2 auto-vectorises on JDK 17 (a flat array indexed {@code j * k + c}
 * was not vectorised: the differing offsets defeat its alignment analysis). A derived cache of the
 * components, rebuilt after every structure pass and patched when an event moves one component's
 * semantic centroid; never serialised.
 */
final class CentroidLayout {

    private static final DistortionPasses PASSES = DistortionPasses.best();

    static String passes() {
        return PASSES.describe();
    }

    final int k;
    private final float[][] semantic;
    private final float[][] signature;
    private final double[] signatureL1;
    /** Scratch accumulators, one per component; the layout belongs to one scope and one thread. */
    private final float[] semanticAcc;
    private final float[] signatureAcc;

    CentroidLayout(OnlineComponent[] order, int semanticDim, int signatureDim) {
        this.k = order.length;
        this.semantic = new float[Math.max(0, semanticDim)][k];
        this.signature = new float[Math.max(0, signatureDim)][k];
        this.signatureL1 = new double[k];
        this.semanticAcc = new float[k];
        this.signatureAcc = new float[k];
        for (int c = 0; c < k; c++) {
            updateSemantic(c, order[c]);
            for (int j = 0; j < signatureDim; j++) {
                signature[j][c] = order[c].signatureCentroid[j];
            }
            signatureL1[c] = order[c].signatureL1;
        }
    }

    void updateSemantic(int c, OnlineComponent component) {
        for (int j = 0; j < semantic.length; j++) {
            semantic[j][c] = component.semanticCentroid[j];
        }
    }

    /**
     * Fills {@code distortionE} and {@code distortionA} (length k) for one point. The passes over
     * the K components run in {@link DistortionPasses}: with the Vector API when the JVM has it,
     * else as plain loops that C2 vectorises; both give the same bits.
     */
    void distortions(float[] e, SparseSignature a, double[] distortionE, double[] distortionA) {
        PASSES.squares(semantic, e, semanticAcc);
        PASSES.absoluteChanges(signature, a.indices(), a.values(), signatureAcc);
        float[] se = semanticAcc;
        float[] sa = signatureAcc;
        for (int c = 0; c < k; c++) {
            distortionE[c] = se[c];
            distortionA[c] = Math.max(0, signatureL1[c] + sa[c]);
        }
    }
}
