package io.modewatch.clustering.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The detector's per-scope state: the reference set, per-component status, the open drift window. */
public final class DetectorState {

    long referenceTakenAt = -1;
    final List<ReferenceMode> reference = new ArrayList<>();
    final Map<Integer, ModeStatus> statuses = new TreeMap<>();
    long windowIndex;
    long windowStart = 1;
    final Map<Integer, Double> windowMass = new LinkedHashMap<>();
    final Map<Integer, Double> windowBinMass = new HashMap<>();
    double windowTotal;
    double windowDistortionE;
    double windowDistortionA;

    public long referenceTakenAt() {
        return referenceTakenAt;
    }

    public List<ReferenceMode> reference() {
        return List.copyOf(reference);
    }
}
