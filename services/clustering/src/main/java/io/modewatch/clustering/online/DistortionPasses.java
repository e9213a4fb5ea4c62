package io.modewatch.clustering.online;

/**
 * The inner loops of {@link CentroidLayout#distortions}: for every component c, the sum over
 * coordinates j (in order) of {@code (e_j - mu_jc)^2}, and the sum over active units n (in order)
 * of {@code |x_n - mu_nc| - |mu_nc|}. Two implementations give the same bits: the Vector API one
 * when the JVM has {@code jdk.incubator.vector}, the plain one otherwise.
 */
interface DistortionPasses {

    /** Fills {@code acc[c]} with the squared distance of {@code e} to column c of the dimension-major {@code rows}. */
    void squares(float[][] rows, float[] e, float[] acc);

    /** Fills {@code acc[c]} with the L1 change the active units make against column c of {@code units}. */
    void absoluteChanges(float[][] units, int[] idx, float[] val, float[] acc);

    /** What runs, for a start-up log line. */
    String describe();

    /** The Vector API passes when the module is present, else the plain ones. */
    static DistortionPasses best() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (DistortionPasses) Class.forName("io.modewatch.clustering.online.VectorDistortionPasses")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarDistortionPasses();
            }
        }
        return new ScalarDistortionPasses();
    }
}
