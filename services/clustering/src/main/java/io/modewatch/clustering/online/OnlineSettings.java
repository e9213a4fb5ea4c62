package io.modewatch.clustering.online;

import io.modewatch.clustering.RdParameters;

/**
 * Every knob of the online clusterer.
 *
 * @param parameters              beta and gamma of the objective
 * @param halfLifeEvents          masses halve after this many events: the memory of the clustering
 * @param bootstrapEvents         the first events are buffered, fix the signature centring and scaling,
 *                                and seed the components with the batch algorithm
 * @param reservoirCapacity       recent members kept per component; split and removal tests and the
 *                                windowed signature median run on them
 * @param maintenanceInterval     events between structure passes (median refresh, split, removal, birth)
 * @param bufferCapacity          poorly explained points kept for the birth test (oldest dropped first)
 * @param poorlyExplainedFactor   a point is poorly explained when, in either view, its distortion exceeds
 *                                this multiple of its component's mean distortion plus the floor
 * @param distortionFloorFraction that floor, as a fraction of the scope's one-component distortion at bootstrap;
 *                                stops near-identical components from flagging every tiny deviation
 * @param minSplitMembers         reservoir members a component needs before a split is tried
 * @param minBirthPoints          buffered points a new component needs before the birth test opens it
 * @param maxComponents           hard cap on K, which bounds the state and the work per event
 * @param minComponentShare       components whose decayed share falls below this are dropped as dead
 * @param maxSplitTrials          split candidates tried per maintenance pass (largest weighted variance first)
 * @param splitRetryGrowth        a component whose split was refused is tried again once its weighted reservoir
 *                                distortion has grown by this fraction
 * @param splitRetryEvents        or once this many events have passed
 * @param maxRemovalTrials        removal candidates tested exactly per maintenance pass; when K is larger, a
 *                                centroid-to-centroid screen picks the likeliest (bounds a pass at O(K) tests)
 */
public record OnlineSettings(
        RdParameters parameters,
        double halfLifeEvents,
        int bootstrapEvents,
        int reservoirCapacity,
        int maintenanceInterval,
        int bufferCapacity,
        double poorlyExplainedFactor,
        double distortionFloorFraction,
        int minSplitMembers,
        int minBirthPoints,
        int maxComponents,
        double minComponentShare,
        int maxSplitTrials,
        double splitRetryGrowth,
        long splitRetryEvents,
        int maxRemovalTrials) {

    public OnlineSettings {
        if (!(halfLifeEvents > 1)) {
            throw new IllegalArgumentException("halfLifeEvents must exceed 1");
        }
        if (bootstrapEvents < 2 || reservoirCapacity < 2 || maintenanceInterval < 1 || bufferCapacity < 1
                || minSplitMembers < 2 || minBirthPoints < 2 || maxComponents < 1 || maxSplitTrials < 0 || maxRemovalTrials < 1) {
            throw new IllegalArgumentException("online settings out of range");
        }
        if (!(splitRetryGrowth >= 0) || splitRetryEvents < 1) {
            throw new IllegalArgumentException("split retry settings out of range");
        }
        if (!(minComponentShare >= 0 && minComponentShare < 1)) {
            throw new IllegalArgumentException("minComponentShare must lie in [0, 1)");
        }
    }

    /** Defaults tuned on the synthetic benchmark (see docs/clustering.md). */
    public static OnlineSettings defaults(RdParameters parameters) {
        return new OnlineSettings(parameters, 8_000, 600, 48, 250, 96, 2.0, 0.05, 16, 12, 64, 2e-3, 3, 0.1, 5_000, 8);
    }

    public OnlineSettings withParameters(RdParameters p) {
        return new OnlineSettings(p, halfLifeEvents, bootstrapEvents, reservoirCapacity, maintenanceInterval, bufferCapacity,
                poorlyExplainedFactor, distortionFloorFraction, minSplitMembers, minBirthPoints, maxComponents,
                minComponentShare, maxSplitTrials, splitRetryGrowth, splitRetryEvents, maxRemovalTrials);
    }

    public OnlineSettings withBootstrapEvents(int n) {
        return new OnlineSettings(parameters, halfLifeEvents, n, reservoirCapacity, maintenanceInterval, bufferCapacity,
                poorlyExplainedFactor, distortionFloorFraction, minSplitMembers, minBirthPoints, maxComponents,
                minComponentShare, maxSplitTrials, splitRetryGrowth, splitRetryEvents, maxRemovalTrials);
    }

    public OnlineSettings withMaxComponents(int k) {
        return new OnlineSettings(parameters, halfLifeEvents, bootstrapEvents, reservoirCapacity, maintenanceInterval, bufferCapacity,
                poorlyExplainedFactor, distortionFloorFraction, minSplitMembers, minBirthPoints, k,
                minComponentShare, maxSplitTrials, splitRetryGrowth, splitRetryEvents, maxRemovalTrials);
    }

    public OnlineSettings withHalfLifeEvents(double h) {
        return new OnlineSettings(parameters, h, bootstrapEvents, reservoirCapacity, maintenanceInterval, bufferCapacity,
                poorlyExplainedFactor, distortionFloorFraction, minSplitMembers, minBirthPoints, maxComponents,
                minComponentShare, maxSplitTrials, splitRetryGrowth, splitRetryEvents, maxRemovalTrials);
    }
}
