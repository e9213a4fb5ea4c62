package io.modewatch.clustering.detect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The detector's per-scope state: the reference set, per-component status, the families, the open drift window. */
public final class DetectorState {

    long referenceTakenAt = -1;
    /** Grows whenever the reference or the families change, so a store rewrites those entries only then. */
    long revision;
    final List<ReferenceMode> reference = new ArrayList<>();
    /** The ids of {@link #reference}, for the per-event lookup; kept in step by {@link #referenceChanged()}. */
    final java.util.Set<Integer> referenceIds = new java.util.HashSet<>();
    final Map<Integer, ModeStatus> statuses = new TreeMap<>();
    final Map<Integer, ModeFamily> families = new TreeMap<>();
    /** The scope's traffic when the reference was taken ({@link ReferenceSample}). */
    final List<ReferenceSample.Point> sample = new ArrayList<>();
    int nextFamilyId;
    long windowIndex;
    long windowStart = 1;
    final Map<Integer, Double> windowMass = new LinkedHashMap<>();
    final Map<Integer, Double> windowBinMass = new HashMap<>();
    double windowTotal;
    double windowDistortionE;
    double windowDistortionA;

    void referenceChanged() {
        referenceIds.clear();
        for (ReferenceMode r : reference) {
            referenceIds.add(r.id());
        }
    }

    public long referenceTakenAt() {
        return referenceTakenAt;
    }

    public long revision() {
        return revision;
    }

    /** A family of new components as it stands: how many continuations it holds and whether it alerted. */
    public record FamilyView(int id, NoveltyKind kind, long firstEvent, long count, boolean alerted, List<Integer> componentIds) {
    }

    public List<FamilyView> families() {
        List<FamilyView> out = new ArrayList<>();
        for (ModeFamily f : families.values()) {
            List<Integer> members = new ArrayList<>();
            statuses.forEach((id, s) -> {
                if (s.family == f.id) {
                    members.add(id);
                }
            });
            out.add(new FamilyView(f.id, f.kind, f.firstEvent, f.count, f.alerted, List.copyOf(members)));
        }
        return out;
    }
}
