package io.modewatch.clustering.detect;

import io.modewatch.clustering.Distances;
import io.modewatch.clustering.Entropy;
import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.metrics.JensenShannon;
import io.modewatch.clustering.online.Assignment;
import io.modewatch.clustering.online.Member;
import io.modewatch.clustering.online.Observation;
import io.modewatch.clustering.online.OnlineComponent;
import io.modewatch.clustering.online.OnlineRdClusterer;
import io.modewatch.clustering.online.ScopeState;
import io.modewatch.clustering.online.StructureChange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * New-mode detection on top of the online clusterer. A component is a new mode when it was born
 * after the reference was taken, has held a minimum arrival share and count for a minimum time,
 * and no reference mode is near it in both views at once. Which view is far names the kind.
 * Checks run on the maintenance cadence, when the structure can have changed.
 */
public final class ModeDetector {

    private final OnlineRdClusterer clusterer;
    private final DetectionSettings settings;
    private final RdParameters p;

    public ModeDetector(OnlineRdClusterer clusterer, DetectionSettings settings) {
        this.clusterer = clusterer;
        this.settings = settings;
        this.p = clusterer.settings().parameters();
    }

    public DetectionResult observe(ScopeState scope, DetectorState state, Observation o) {
        Assignment a = clusterer.observe(scope, o);
        List<ModeAlert> alerts = new ArrayList<>();
        List<ModeVanished> vanished = new ArrayList<>();
        if (state.referenceTakenAt < 0 && scope.bootstrapped() && scope.events() >= settings.warmupEvents()) {
            takeReference(scope, state);
        }
        for (StructureChange change : a.changes()) {
            track(scope, state, change, vanished);
        }
        if (a.componentId() != Assignment.PENDING) {
            accumulate(scope, state, a);
        }
        if (state.referenceTakenAt >= 0 && scope.events() % clusterer.settings().maintenanceInterval() == 0) {
            checkNewModes(scope, state, alerts);
        }
        Optional<DriftWindow> window = Optional.empty();
        if (scope.events() - state.windowStart + 1 >= settings.windowEvents()) {
            window = Optional.of(closeWindow(scope, state, vanished));
        }
        return new DetectionResult(a, alerts, vanished, window);
    }

    /** Takes the current components as the baseline; also callable to re-baseline a scope deliberately. */
    public void takeReference(ScopeState scope, DetectorState state) {
        state.reference.clear();
        for (OnlineComponent c : scope.components()) {
            state.reference.add(new ReferenceMode(c.id(), scope.share(c.id()), c.varE(), c.varA(), c.semanticCentroid(), c.signatureCentroid()));
            state.statuses.computeIfAbsent(c.id(), id -> new ModeStatus()).established = true;
        }
        state.referenceTakenAt = scope.events();
    }

    private void track(ScopeState scope, DetectorState state, StructureChange change, List<ModeVanished> vanished) {
        ModeStatus status = state.statuses.get(change.componentId());
        switch (change.kind()) {
            // Split children are judged afresh: one of them may be a new mode that hid inside a reference mode.
            case SPLIT -> state.statuses.remove(change.componentId());
            case REMOVAL, DEAD -> {
                if (status != null && (isReference(state, change.componentId()) || status.alerted) && !status.vanishReported) {
                    vanished.add(vanishedEvent(scope, change.componentId(), 0));
                }
                state.statuses.remove(change.componentId());
            }
            case BIRTH -> state.statuses.computeIfAbsent(change.componentId(), id -> new ModeStatus());
        }
    }

    private void accumulate(ScopeState scope, DetectorState state, Assignment a) {
        double w = a.weight();
        state.windowMass.merge(a.componentId(), w, Double::sum);
        state.windowBinMass.merge(referenceBin(scope, state, a.componentId()), w, Double::sum);
        state.windowTotal += w;
        state.windowDistortionE += w * a.distortionE();
        state.windowDistortionA += w * a.distortionA();
    }

    /** The reference ancestor a component's traffic counts towards, or the component itself when it has none. */
    private static int referenceBin(ScopeState scope, DetectorState state, int componentId) {
        if (isReference(state, componentId)) {
            return componentId;
        }
        OnlineComponent c = scope.component(componentId);
        if (c != null) {
            int[] lineage = c.lineage();
            for (int i = lineage.length - 1; i >= 0; i--) {
                if (isReference(state, lineage[i])) {
                    return lineage[i];
                }
            }
        }
        return componentId;
    }

    private static boolean isReference(DetectorState state, int id) {
        for (ReferenceMode r : state.reference) {
            if (r.id() == id) {
                return true;
            }
        }
        return false;
    }

    private void checkNewModes(ScopeState scope, DetectorState state, List<ModeAlert> alerts) {
        for (OnlineComponent c : scope.components()) {
            if (c.bornAt() <= state.referenceTakenAt) {
                continue;
            }
            ModeStatus status = state.statuses.computeIfAbsent(c.id(), id -> new ModeStatus());
            if (status.alerted || status.established) {
                continue;
            }
            long age = Math.max(1, scope.events() - c.bornAt());
            double arrivalShare = (double) c.assigned() / age;
            Novelty novelty = novelty(scope, state, c);
            if (novelty.kind == null && c.assigned() >= settings.minCount()) {
                status.established = true; // a re-cut of known traffic: watched for vanishing, never alerted
                continue;
            }
            boolean qualifies = arrivalShare >= settings.minShare() && c.assigned() >= settings.minCount() && novelty.kind != null;
            if (!qualifies) {
                status.qualifyingSince = -1;
                continue;
            }
            if (status.qualifyingSince < 0) {
                status.qualifyingSince = scope.events();
            }
            if (scope.events() - status.qualifyingSince >= settings.minPersistenceEvents()) {
                status.alerted = true;
                List<String> exemplars = new ArrayList<>();
                for (Member m : c.reservoir()) {
                    if (exemplars.size() < 5) {
                        exemplars.add(m.id());
                    }
                }
                alerts.add(new ModeAlert(deterministicId("new-mode", scope.scope(), c.id(), c.bornAt()), scope.scope(), c.id(),
                        c.parentId(), c.bornAt(), scope.events(), novelty.kind, arrivalShare, novelty.nearest,
                        novelty.semanticDistance, novelty.signatureDistance, List.copyOf(exemplars)));
            }
        }
    }

    private record Novelty(NoveltyKind kind, int nearest, double semanticDistance, double signatureDistance) {
    }

    /** Null kind when some reference mode is near in both views at once. */
    Novelty novelty(ScopeState scope, DetectorState state, OnlineComponent c) {
        float[] e = c.semanticCentroid();
        float[] a = c.signatureCentroid();
        boolean anyNearE = false, anyNearA = false;
        int nearest = -1;
        double nearestCost = Double.POSITIVE_INFINITY, nearestE = 0, nearestA = 0;
        for (ReferenceMode r : state.reference) {
            double dE = Distances.squaredL2(e, r.semantic());
            double dA = Distances.l1(a, r.signature());
            boolean nearE = dE <= settings.noveltyFactor() * r.varE() + scope.floorE();
            boolean nearA = dA <= settings.noveltyFactor() * r.varA() + scope.floorA();
            if (nearE && nearA) {
                return new Novelty(null, r.id(), dE, dA);
            }
            anyNearE |= nearE;
            anyNearA |= nearA;
            double cost = p.betaE() * dE + p.betaA() * dA;
            if (cost < nearestCost) {
                nearestCost = cost;
                nearest = r.id();
                nearestE = dE;
                nearestA = dA;
            }
        }
        NoveltyKind kind = anyNearE ? NoveltyKind.MECHANISTIC : anyNearA ? NoveltyKind.SEMANTIC : NoveltyKind.BOTH;
        return new Novelty(kind, nearest, nearestE, nearestA);
    }

    private DriftWindow closeWindow(ScopeState scope, DetectorState state, List<ModeVanished> vanished) {
        Map<Integer, Double> shares = new LinkedHashMap<>();
        double total = state.windowTotal;
        for (Map.Entry<Integer, Double> entry : state.windowMass.entrySet()) {
            shares.put(entry.getKey(), total > 0 ? entry.getValue() / total : 0);
        }
        double[] masses = state.windowMass.values().stream().mapToDouble(Double::doubleValue).toArray();
        double h = Entropy.ofMasses(masses);
        double dE = total > 0 ? state.windowDistortionE / total : 0;
        double dA = total > 0 ? state.windowDistortionA / total : 0;
        double js = Double.NaN;
        if (!state.reference.isEmpty()) {
            List<Integer> bins = new ArrayList<>();
            for (ReferenceMode r : state.reference) {
                bins.add(r.id());
            }
            for (int bin : state.windowBinMass.keySet()) {
                if (!bins.contains(bin)) {
                    bins.add(bin);
                }
            }
            double[] ref = new double[bins.size()];
            double[] now = new double[bins.size()];
            for (int i = 0; i < bins.size(); i++) {
                ref[i] = i < state.reference.size() ? state.reference.get(i).share() : 0;
                now[i] = state.windowBinMass.getOrDefault(bins.get(i), 0.0);
            }
            js = JensenShannon.divergence(ref, now);
        }
        for (Map.Entry<Integer, ModeStatus> entry : state.statuses.entrySet()) {
            ModeStatus status = entry.getValue();
            if (!(status.established || status.alerted) || status.vanishReported) {
                continue;
            }
            double share = shares.getOrDefault(entry.getKey(), 0.0);
            status.lowWindows = share < settings.vanishShare() ? status.lowWindows + 1 : 0;
            if (status.lowWindows >= settings.vanishWindows()) {
                status.vanishReported = true;
                vanished.add(vanishedEvent(scope, entry.getKey(), share));
            }
        }
        DriftWindow window = new DriftWindow(scope.scope(), state.windowIndex, state.windowStart, scope.events(), scope.k(),
                shares, h, dE, dA, h + p.betaE() * dE + p.betaA() * dA, js);
        state.windowIndex++;
        state.windowStart = scope.events() + 1;
        state.windowMass.clear();
        state.windowBinMass.clear();
        state.windowTotal = 0;
        state.windowDistortionE = 0;
        state.windowDistortionA = 0;
        return window;
    }

    private static ModeVanished vanishedEvent(ScopeState scope, int componentId, double share) {
        return new ModeVanished(deterministicId("vanished", scope.scope(), componentId, 0), scope.scope(), componentId,
                scope.events(), share);
    }

    static String deterministicId(String kind, String scope, int componentId, long bornAt) {
        String key = kind + "|" + scope + "|" + componentId + "|" + bornAt;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
