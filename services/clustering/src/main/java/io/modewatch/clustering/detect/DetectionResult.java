package io.modewatch.clustering.detect;

import io.modewatch.clustering.online.Assignment;
import java.util.List;
import java.util.Optional;

/** Everything one event produced: its assignment and any alerts, vanishings or closed drift window. */
public record DetectionResult(Assignment assignment, List<ModeAlert> alerts, List<ModeVanished> vanished,
                              Optional<DriftWindow> window) {
}
