package io.modewatch.clustering.batch;

/** The objective after one outer iteration, the same quantities the reference's trace records. */
public record IterationTrace(int iteration, int k, double objective, double rate, double distortionE, double distortionA,
                             boolean split, boolean removal) {
}
