package io.modewatch.models.world;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One production prompt of the traffic script, with ground truth in {@code attributes} (scope,
 * variant, phase, expected mechanism, which new mode it belongs to if any, ...).
 */
public record TrafficEvent(long sequence, long eventTimeMs, String scope, String prompt, Map<String, String> attributes) {

    public TrafficEvent {
        // Sorted, so a traffic script written twice from the same seed is byte-identical.
        attributes = Collections.unmodifiableMap(new TreeMap<>(attributes));
    }
}
