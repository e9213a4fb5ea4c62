package io.modewatch.clustering.batch;

import java.util.List;

/**
 * The outcome of {@link BatchRdClusterer}.
 *
 * @param assignment the component id of every row
 * @param converged  false when the iteration cap stopped the loop
 */
public record BatchResult(int k, double objective, double rate, double distortionE, double distortionA,
                          int iterations, boolean converged, int[] assignment, List<BatchCluster> clusters,
                          List<IterationTrace> trace) {
}
