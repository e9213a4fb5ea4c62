package io.modewatch.clustering.online;

import io.modewatch.clustering.SparseSignature;

/**
 * A reservoir or buffer entry: one recent continuation with its signature already centred and
 * scaled, so structure tests can run on it without the raw data.
 *
 * @param event the scope's event number when it arrived; its weight decays from then
 */
public record Member(long event, String id, double weight, float[] semantic, SparseSignature signature, String text) {
}
