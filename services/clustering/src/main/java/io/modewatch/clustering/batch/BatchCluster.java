package io.modewatch.clustering.batch;

/**
 * One component of a finished batch clustering.
 *
 * @param members row indices into the clustered point set
 */
public record BatchCluster(int id, double share, double mass, double varE, double varA,
                           double[] semanticCentroid, double[] signatureCentroid, int[] members) {
}
