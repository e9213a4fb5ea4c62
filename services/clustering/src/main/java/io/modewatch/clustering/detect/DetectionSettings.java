package io.modewatch.clustering.detect;

/**
 * Every threshold of new-mode detection.
 *
 * @param warmupEvents         the reference set is taken at this event count; only components born later can be new
 * @param minShare             a candidate's arrivals since birth must be at least this fraction of the scope's events
 * @param minCount             and at least this many events
 * @param minPersistenceEvents and it must keep both (and stay new) for this many events before the alert
 * @param noveltyFactor        a centroid is far from a reference mode in a view when its distance exceeds this multiple
 *                             of that mode's own mean distortion in the view, plus the scope's floor for the view
 * @param vanishShare          an established mode whose window share stays below this is reported vanished
 * @param vanishWindows        for this many consecutive drift windows
 * @param windowEvents         events per drift window
 */
public record DetectionSettings(long warmupEvents, double minShare, long minCount, long minPersistenceEvents,
                                double noveltyFactor, double vanishShare, int vanishWindows, long windowEvents) {

    public DetectionSettings {
        if (warmupEvents < 1 || minCount < 1 || minPersistenceEvents < 0 || windowEvents < 1 || vanishWindows < 1) {
            throw new IllegalArgumentException("detection settings out of range");
        }
        if (!(minShare > 0 && minShare < 1) || !(vanishShare >= 0 && vanishShare < 1) || !(noveltyFactor > 0)) {
            throw new IllegalArgumentException("detection shares and factors out of range");
        }
    }

    /** Defaults tuned on the synthetic benchmark (see docs/clustering.md). */
    public static DetectionSettings defaults() {
        return new DetectionSettings(4_000, 0.02, 40, 1_000, 1.5, 0.004, 2, 2_000);
    }
}
