package io.modewatch.clustering.batch;

import io.modewatch.clustering.RdParameters;

/**
 * The reference's "junk" move for one component: its members go to their best other component.
 *
 * @param entropySaved     {@code H(P) - H(P')}, the rate the removal saves
 * @param distortionAddedE {@code dD_e}, weighted by {@code P_n / W}
 * @param distortionAddedA {@code dD_a}, weighted by {@code P_n / W}
 * @param receivers        for each member (in member order), the index of the component it moves to
 */
public record RemovalProposal(double entropySaved, double distortionAddedE, double distortionAddedA, int[] receivers) {

    /** Remove iff the entropy saved strictly exceeds the distortion added. */
    public boolean accepted(RdParameters p) {
        return entropySaved > p.distortion(distortionAddedE, distortionAddedA);
    }
}
