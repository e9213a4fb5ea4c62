package io.modewatch.clustering.detect;

/** What the detector remembers about one component. Mutable plain data, encoded by {@link DetectorStateCodec}. */
final class ModeStatus {
    /** Judged known (a re-cut of known traffic, in the reference) or new (member of a family). */
    boolean judged;
    /** Known traffic: watched for vanishing, never alerted. */
    boolean established;
    /** The family of a new component; -1 when none. */
    int family = -1;
    /** Part of a mode that has alerted: watched for vanishing. */
    boolean alerted;
    boolean vanishReported;
    int lowWindows;
}
