package io.modewatch.clustering.detect;

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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * New-mode detection on top of the online clusterer, with no knowledge of when a change comes.
 *
 * <ul>
 *   <li>The reference is every component present when the scope bootstraps, and grows: a later
 *       component, once it has {@code judgeCount} continuations, is judged against it and joins it
 *       when some known mode is near in both views (a re-cut of known traffic).</li>
 *   <li>Otherwise it is new, in the view(s) where no known mode is near, and joins the family of new
 *       components of the same kind whose offset from their known mode points the same way, or
 *       starts one. A mode spread over many answers (a copy mechanism on every door) is one family.</li>
 *   <li>A family alerts once, when the sequential test of its arrival rate ({@link ArrivalEvidence})
 *       reaches {@code alertEvidence} and it holds {@code minCount} continuations. Later members
 *       join the alerted mode without paging again.</li>
 * </ul>
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
        boolean bootstrapsNow = !scope.bootstrapped() && scope.bootstrapSize() == clusterer.settings().bootstrapEvents() - 1;
        List<Observation> bootstrap = bootstrapsNow ? new ArrayList<>(scope.bootstrapObservations()) : List.of();
        Assignment a = clusterer.observe(scope, o);
        if (bootstrapsNow && scope.bootstrapped() && state.sample.isEmpty()) {
            List<Observation> all = new ArrayList<>(bootstrap);
            all.add(o);
            state.sample.addAll(ReferenceSample.ofBootstrap(scope, all, scope.events() - all.size() + 1,
                    settings.referenceSample(), p));
            state.revision++;
        }
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
            judgeNewComponents(scope, state);
            checkFamilies(scope, state, alerts);
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
        if (state.sample.isEmpty()) {
            state.sample.addAll(ReferenceSample.take(scope, settings.referenceSample(), p));
        }
        for (OnlineComponent c : scope.components()) {
            addReference(scope, state, c);
            ModeStatus status = state.statuses.computeIfAbsent(c.id(), id -> new ModeStatus());
            status.judged = true;
            status.established = true;
        }
        state.referenceTakenAt = scope.events();
        state.referenceChanged();
        state.revision++;
    }

    private void addReference(ScopeState scope, DetectorState state, OnlineComponent c) {
        state.reference.removeIf(r -> r.id() == c.id());
        state.reference.add(new ReferenceMode(c.id(), scope.share(c.id()), c.varE(), c.varA(), c.semanticCentroid(),
                c.signatureCentroid()));
        while (state.reference.size() > settings.referenceCapacity()) {
            state.reference.remove(0);
        }
        state.referenceChanged();
        state.revision++;
    }

    private void track(ScopeState scope, DetectorState state, StructureChange change, List<ModeVanished> vanished) {
        ModeStatus status = state.statuses.get(change.componentId());
        switch (change.kind()) {
            case SPLIT -> {
                state.statuses.remove(change.componentId());
                // Children of a new mode stay in its family; children of known traffic are judged afresh
                // (one of them may be a new mode that hid inside a known one).
                if (status != null && status.family >= 0) {
                    for (int child : change.related()) {
                        ModeStatus s = state.statuses.computeIfAbsent(child, id -> new ModeStatus());
                        s.judged = true;
                        s.family = status.family;
                        s.alerted = status.alerted;
                    }
                }
            }
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
        ModeStatus status = state.statuses.get(a.componentId());
        if (status != null && status.family >= 0) {
            ModeFamily family = state.families.get(status.family);
            if (family != null) {
                family.count++;
            }
        }
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
        return state.referenceIds.contains(id);
    }

    /** Every component born since the reference, once it has enough continuations: known, or new in a family. */
    private void judgeNewComponents(ScopeState scope, DetectorState state) {
        for (OnlineComponent c : scope.components()) {
            ModeStatus status = state.statuses.computeIfAbsent(c.id(), id -> new ModeStatus());
            if (status.judged || c.assigned() < settings.judgeCount()) {
                continue;
            }
            status.judged = true;
            Novelty novelty = Novelty.of(scope, c, state.reference, settings.noveltyFactor(), p);
            if (novelty.kind() == null || wasThereBefore(scope, state, c)) {
                status.established = true;
                addReference(scope, state, c);
                continue;
            }
            ModeFamily family = familyFor(state, novelty);
            if (family == null) {
                family = new ModeFamily(state.nextFamilyId++, novelty.kind(), novelty.offset(), earliestMember(c));
                state.families.put(family.id, family);
                state.revision++;
            }
            status.family = family.id;
            status.alerted = family.alerted;
            family.count += c.assigned();
        }
    }

    /**
     * Far from every known centroid, yet it explains about its own share of the traffic the scope
     * had when the reference was taken: a finer cut of known traffic ({@link ReferenceSample}).
     */
    private boolean wasThereBefore(ScopeState scope, DetectorState state, OnlineComponent c) {
        if (state.sample.isEmpty()) {
            return false;
        }
        double explained = ReferenceSample.explainedShare(state.sample, c, p);
        // The component's share of the scope's (decayed) mass: for a split child its part of the parent's
        // long-run mass, for a birth the buffered points' only, never the burst its newest members may form.
        return explained >= settings.historyRatio() * scope.share(c.id());
    }

    /**
     * Whether a member of a family is still new when the family's evidence is in: far from the
     * reference as it stands then (with the wider confirm factor), and not a finer cut of the
     * traffic sampled when the reference was taken. Members are judged once, when they reach
     * judgeCount; the reference keeps growing after that (the clustering keeps refining known
     * traffic into finer cuts, each judged known), and a component that was new only because its
     * known neighbour had not been judged yet is not.
     */
    private boolean stillNew(ScopeState scope, DetectorState state, OnlineComponent c) {
        return Novelty.of(scope, c, state.reference, settings.confirmFactor(), p).kind() != null
                && !wasThereBefore(scope, state, c);
    }

    private ModeFamily familyFor(DetectorState state, Novelty novelty) {
        ModeFamily best = null;
        double bestSimilarity = settings.familySimilarity();
        for (ModeFamily f : state.families.values()) {
            if (f.kind != novelty.kind() || f.offset.length != novelty.offset().length) {
                continue;
            }
            double similarity = Novelty.cosine(f.offset, novelty.offset());
            if (similarity >= bestSimilarity) {
                bestSimilarity = similarity;
                best = f;
            }
        }
        return best;
    }

    private static long earliestMember(OnlineComponent c) {
        long first = c.bornAt();
        for (Member m : c.reservoir()) {
            first = Math.min(first, m.event());
        }
        return first;
    }

    private void checkFamilies(ScopeState scope, DetectorState state, List<ModeAlert> alerts) {
        dropEmptyFamilies(scope, state);
        for (var it = state.families.values().iterator(); it.hasNext(); ) {
            ModeFamily family = it.next();
            if (family.alerted || family.count < settings.minCount()) {
                continue;
            }
            long events = scope.events() - family.firstEvent + 1;
            double evidence = ArrivalEvidence.logLikelihoodRatio(family.count, events, settings.minShare(),
                    settings.backgroundShare());
            if (evidence < settings.alertEvidence()) {
                continue;
            }
            List<OnlineComponent> members = new ArrayList<>();
            for (OnlineComponent c : scope.components()) {
                ModeStatus s = state.statuses.get(c.id());
                if (s != null && s.family == family.id) {
                    members.add(c);
                }
            }
            if (members.isEmpty()) {
                continue; // every member faded before the evidence was in: nothing left to show
            }
            if (members.stream().noneMatch(c -> stillNew(scope, state, c))) {
                // Every member is known traffic by now (the reference grew since they were judged):
                // the family was a set of finer cuts of known modes. They join the reference; nothing
                // pages. A family with any member still new alerts whole: moving a borderline member of
                // a real new mode into the reference could pull the rest of that mode in after it.
                for (OnlineComponent c : members) {
                    ModeStatus s = state.statuses.get(c.id());
                    s.family = -1;
                    s.established = true;
                    addReference(scope, state, c);
                }
                it.remove();
                state.revision++;
                continue;
            }
            members.sort(Comparator.comparingLong(OnlineComponent::assigned).reversed().thenComparingInt(OnlineComponent::id));
            family.alerted = true;
            state.revision++;
            for (OnlineComponent c : members) {
                state.statuses.get(c.id()).alerted = true;
            }
            OnlineComponent lead = members.get(0);
            Novelty novelty = Novelty.of(scope, lead, state.reference, settings.noveltyFactor(), p);
            List<String> exemplars = new ArrayList<>();
            for (int round = 0; exemplars.size() < 5 && round < 5; round++) {
                for (OnlineComponent c : members) {
                    List<Member> reservoir = c.reservoir();
                    if (round < reservoir.size() && exemplars.size() < 5) {
                        exemplars.add(reservoir.get(reservoir.size() - 1 - round).id());
                    }
                }
            }
            List<Integer> ids = members.stream().map(OnlineComponent::id).toList();
            int nearest = novelty.departsFrom() == null ? -1 : novelty.departsFrom().id();
            alerts.add(new ModeAlert(deterministicId("new-mode", scope.scope(), family.id, family.firstEvent), scope.scope(),
                    lead.id(), lead.parentId(), family.firstEvent, scope.events(), family.kind, (double) family.count / events,
                    family.count, nearest, novelty.semanticDistance(), novelty.signatureDistance(),
                    novelty.semanticThreshold(), novelty.signatureThreshold(), List.copyOf(exemplars), ids));
        }
    }

    /**
     * A family that never alerted and has no live component left (its members faded or were merged
     * into known ones) can no longer gather evidence: it is dropped, so that the families a scope keeps
     * stay bounded by its live components and its alerts. Alerted families stay, so that later
     * components of the same mode join them instead of paging again.
     */
    private static void dropEmptyFamilies(ScopeState scope, DetectorState state) {
        java.util.Set<Integer> live = new java.util.HashSet<>();
        for (OnlineComponent c : scope.components()) {
            ModeStatus s = state.statuses.get(c.id());
            if (s != null && s.family >= 0) {
                live.add(s.family);
            }
        }
        if (state.families.values().removeIf(f -> !f.alerted && !live.contains(f.id))) {
            state.revision++;
        }
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
                shares, h, dE, dA, h + p.distortion(dE, dA), js);
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
