package io.modewatch.clustering.detect;

import java.util.Map;

/**
 * Statistics of one window of events.
 *
 * @param shares           weighted share of each component in the window, by component id
 * @param objective        {@code H + beta_e D_e + beta_a D_a} of the window
 * @param jensenShannon    divergence (nats) of the window's shares, folded onto reference ancestors, from the reference shares
 */
public record DriftWindow(String scope, long index, long firstEvent, long lastEvent, int k, Map<Integer, Double> shares,
                          double rate, double distortionE, double distortionA, double objective, double jensenShannon) {
}
