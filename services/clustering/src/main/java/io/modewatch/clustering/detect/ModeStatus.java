package io.modewatch.clustering.detect;

/** What the detector remembers about one component. Mutable plain data, encoded by {@link DetectorStateCodec}. */
final class ModeStatus {
    long qualifyingSince = -1;
    boolean alerted;
    boolean established;
    boolean vanishReported;
    int lowWindows;
}
