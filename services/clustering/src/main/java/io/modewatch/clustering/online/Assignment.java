package io.modewatch.clustering.online;

import java.util.List;

/**
 * What happened to one event.
 *
 * @param componentId       the component it joined, or {@link #PENDING} while the scope bootstraps
 * @param distortionE       squared-L2 distance to that component's semantic centroid
 * @param distortionA       L1 distance to that component's signature centroid
 * @param poorlyExplained   whether it went to the birth buffer
 * @param changes           what the maintenance pass that ran after this event changed (usually nothing)
 */
public record Assignment(long event, String id, int componentId, double weight, double distortionE, double distortionA,
                         boolean poorlyExplained, List<StructureChange> changes) {

    public static final int PENDING = -1;
}
