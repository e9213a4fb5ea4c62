package io.modewatch.clustering.online;

import io.modewatch.clustering.Entropy;
import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.SparseSignature;
import io.modewatch.clustering.batch.BatchCluster;
import io.modewatch.clustering.batch.BatchRdClusterer;
import io.modewatch.clustering.batch.BatchResult;
import io.modewatch.clustering.batch.Centroids;
import io.modewatch.clustering.batch.PointSet;
import io.modewatch.clustering.batch.SignatureCentring;
import io.modewatch.clustering.batch.SplitProposal;
import io.modewatch.clustering.batch.SplitTrial;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The online form of the RD clustering: the batch E-step rule per event with O(K (d_e + nnz) + d_e)
 * work, and every {@code maintenanceInterval} events a structure pass on bounded reservoirs (windowed
 * signature medians, the batch split test, the removal test, and a birth test on the poorly
 * explained buffer). Stateless itself: all state lives in {@link ScopeState}, so one instance serves
 * every scope, and the same events in the same order give the same state bit for bit.
 */
public final class OnlineRdClusterer {

    /** Renormalise stored masses before the inflation scale can overflow a double. */
    private static final double RESCALE_ABOVE = 1e150;

    private final OnlineSettings settings;
    private final RdParameters p;
    private final double growth;

    public OnlineRdClusterer(OnlineSettings settings) {
        this.settings = settings;
        this.p = settings.parameters();
        this.growth = Math.pow(2, 1 / settings.halfLifeEvents());
    }

    /** Which implementation of the assignment kernel this JVM runs (the results are the same). */
    public static String assignmentKernel() {
        return CentroidLayout.passes();
    }

    public OnlineSettings settings() {
        return settings;
    }

    public ScopeState newScope(String scope) {
        return new ScopeState(scope, ScopeState.seedFor(scope));
    }

    public ScopeState newScope(String scope, long seed) {
        return new ScopeState(scope, seed);
    }

    /** Clusters one event; also runs the structure pass when the event count reaches a multiple of the interval. */
    public Assignment observe(ScopeState s, Observation o) {
        checkDimensions(s, o);
        s.events++;
        s.scale *= growth;
        if (s.scale > RESCALE_ABOVE) {
            rescale(s);
        }
        if (!s.bootstrapped()) {
            s.bootstrap.add(o);
            if (s.bootstrap.size() >= settings.bootstrapEvents()) {
                bootstrap(s);
                return new Assignment(s.events, o.id(), componentOfLastBootstrapEvent(s, o.id()), o.weight(), 0, 0, false, List.of());
            }
            return new Assignment(s.events, o.id(), Assignment.PENDING, o.weight(), 0, 0, false, List.of());
        }
        Member m = new Member(s.events, o.id(), o.weight(), o.semantic(), s.normaliser.apply(o.signature()), o.text());
        OnlineComponent[] order = s.order;
        s.layout.distortions(m.semantic(), m.signature(), s.scratchE, s.scratchA);
        int bestIndex = cheapestAssignment(order, s.totalMass, s.scratchE, s.scratchA, p.betaE(), p.betaA());
        OnlineComponent best = order[bestIndex];
        double bestE = s.scratchE[bestIndex];
        double bestA = s.scratchA[bestIndex];
        double inflated = o.weight() * s.scale;
        best.mass += inflated;
        s.totalMass += inflated;
        best.addSemantic(inflated, m.semantic());
        s.layout.updateSemantic(bestIndex, best);
        best.distortionE += inflated * bestE;
        best.distortionA += inflated * bestA;
        best.assigned++;
        best.remember(m, settings.reservoirCapacity());
        boolean poorlyExplained = bestE > settings.poorlyExplainedFactor() * best.reservoirVarE + s.floorE
                || bestA > settings.poorlyExplainedFactor() * best.reservoirVarA + s.floorA;
        if (poorlyExplained) {
            s.bufferedSinceBirthTrial++;
            s.buffer.addLast(m);
            while (s.buffer.size() > settings.bufferCapacity()) {
                s.buffer.removeFirst();
            }
        }
        List<StructureChange> changes = s.events % settings.maintenanceInterval() == 0 ? maintain(s) : List.of();
        return new Assignment(s.events, o.id(), best.id, o.weight(), bestE, bestA, poorlyExplained, changes);
    }

    /**
     * The E-step's choice: the first index of least {@code rate + beta_e dE + beta_a dA}, exactly as a
     * plain scan in index order picks it, without a logarithm for every component. Since
     * {@code -ln(x) >= 1 - x}, a component whose distortion plus {@code 1 - share} already exceeds the
     * best cost found so far can neither win nor tie, and its rate is not computed. The scan starts
     * from the least distortion, which is usually the winner, so most components are skipped.
     */
    static int cheapestAssignment(OnlineComponent[] order, double total, double[] dE, double[] dA, double betaE, double betaA) {
        int first = 0;
        double leastDistortion = Double.POSITIVE_INFINITY;
        for (int c = 0; c < order.length; c++) {
            double d = betaE * dE[c] + betaA * dA[c];
            if (d < leastDistortion) {
                leastDistortion = d;
                first = c;
            }
        }
        int bestIndex = 0;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int i = -1; i < order.length; i++) {
            int c = i < 0 ? first : i;
            if (i == first) {
                continue;
            }
            double share = order[c].mass / total;
            double bound = betaE * dE[c] + betaA * dA[c] + (1 - (share + 1e-10));
            if (bound - 1e-9 * (1 + Math.abs(bound)) > bestCost) { // the margin covers rounding in both sums
                continue;
            }
            double cost = Entropy.rateOf(share) + betaE * dE[c] + betaA * dA[c];
            if (cost < bestCost || (cost == bestCost && c < bestIndex)) {
                bestCost = cost;
                bestIndex = c;
            }
        }
        return bestIndex;
    }

    /**
     * The component an observation would join now, without changing anything; {@link Assignment#PENDING}
     * before the bootstrap.
     */
    public int predict(ScopeState s, Observation o) {
        if (!s.bootstrapped()) {
            return Assignment.PENDING;
        }
        SparseSignature a = s.normaliser.apply(o.signature());
        double[] dE = new double[s.order.length];
        double[] dA = new double[s.order.length];
        s.layout.distortions(o.semantic(), a, dE, dA);
        int best = Assignment.PENDING;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int c = 0; c < s.order.length; c++) {
            double cost = Entropy.rateOf(s.order[c].mass / s.totalMass) + p.distortion(dE[c], dA[c]);
            if (cost < bestCost) {
                bestCost = cost;
                best = s.order[c].id;
            }
        }
        return best;
    }

    /** The structure pass; callers may also run it on a punctuation. Returns what changed. */
    public List<StructureChange> maintain(ScopeState s) {
        List<StructureChange> changes = new ArrayList<>();
        if (!s.bootstrapped()) {
            return changes;
        }
        for (OnlineComponent c : s.order) {
            refreshFromReservoir(s, c);
        }
        dropDead(s, changes);
        if (s.components.size() < settings.maxComponents()) {
            trySplit(s, changes);
        }
        if (s.components.size() > 1) {
            tryRemoval(s, changes);
        }
        if (s.buffer.size() >= settings.minBirthPoints() && s.bufferedSinceBirthTrial >= settings.minBirthPoints()) {
            s.bufferedSinceBirthTrial = 0;
            int born = tryBirth(s, changes);
            if (born >= 0 && s.components.size() > settings.maxComponents()) {
                makeRoom(s, born, changes);
            }
        }
        s.rebuildOrder();
        return changes;
    }

    // ---------------------------------------------------------------- bootstrap

    private void bootstrap(ScopeState s) {
        List<Observation> raw = s.bootstrap;
        int n = raw.size();
        double[][] dense = new double[n][];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            dense[i] = raw.get(i).signature().toDense();
            weights[i] = raw.get(i).weight();
        }
        SignatureCentring centring = SignatureCentring.fit(dense, weights);
        s.normaliser = new SignatureNormaliser(SparseSignature.fromDense(centring.centre()), centring.scale());
        List<Member> members = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Observation o = raw.get(i);
            members.add(new Member(s.events - n + 1 + i, o.id(), o.weight(), o.semantic(), s.normaliser.apply(o.signature()), o.text()));
        }
        PointSet points = pointSet(s, members);
        BatchResult batch = new BatchRdClusterer(p, s.seed).cluster(points);
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        double[] spread = Centroids.variances(points, all, Centroids.semanticMean(points, all, true), Centroids.signatureMedian(points, all));
        s.floorE = settings.distortionFloorFraction() * spread[0];
        s.floorA = settings.distortionFloorFraction() * spread[1];
        for (BatchCluster cluster : batch.clusters()) {
            OnlineComponent c = new OnlineComponent(s.nextId++, -1, new int[0], Origin.BOOTSTRAP, s.events, s.semanticDim, s.signatureDim);
            for (int j = 0; j < s.signatureDim; j++) {
                c.signatureCentroid[j] = (float) cluster.signatureCentroid()[j];
            }
            c.refreshSignatureNorm();
            List<Member> own = new ArrayList<>();
            for (int row : cluster.members()) {
                own.add(members.get(row));
            }
            absorb(s, c, own);
            c.refreshSemanticCentroid();
            c.reservoirVarE = cluster.varE();
            c.reservoirVarA = cluster.varA();
            s.components.put(c.id, c);
        }
        s.bootstrap.clear();
        // The batch algorithm knows no cap; the online state must hold to it from the first event on.
        while (s.components.size() > settings.maxComponents()) {
            makeRoom(s, -1, new ArrayList<>());
        }
        s.rebuildOrder();
    }

    private int componentOfLastBootstrapEvent(ScopeState s, String id) {
        for (OnlineComponent c : s.order) {
            if (!c.reservoir.isEmpty() && c.reservoir.peekLast().event() == s.events && c.reservoir.peekLast().id().equals(id)) {
                return c.id;
            }
        }
        return Assignment.PENDING;
    }

    /** Adds members (oldest first) to a component: decayed mass, sums, distortions, reservoir. */
    private void absorb(ScopeState s, OnlineComponent c, List<Member> members) {
        for (Member m : members) {
            double w = inflatedWeight(s, m);
            c.mass += w;
            s.totalMass += w;
            float[] e = m.semantic();
            for (int j = 0; j < e.length; j++) {
                c.semanticSum[j] += w * e[j];
            }
            c.assigned++;
            c.remember(m, settings.reservoirCapacity());
        }
        c.refreshSemanticCentroid();
        for (Member m : members) {
            double w = inflatedWeight(s, m);
            c.distortionE += w * Distortions.semantic(m.semantic(), c.semanticCentroid);
            c.distortionA += w * Distortions.signature(m.signature(), c.signatureCentroid, c.signatureL1);
        }
    }

    // ---------------------------------------------------------------- structure pass

    /** Windowed median of the reservoir and reservoir variances, with decayed weights. */
    private void refreshFromReservoir(ScopeState s, OnlineComponent c) {
        if (c.reservoir.isEmpty()) {
            return;
        }
        List<Member> members = new ArrayList<>(c.reservoir);
        double[] w = decayedWeights(s, members);
        List<SparseSignature> sigs = new ArrayList<>(members.size());
        for (Member m : members) {
            sigs.add(m.signature());
        }
        float[] median = SparseMedian.of(sigs, w, s.signatureDim);
        System.arraycopy(median, 0, c.signatureCentroid, 0, median.length);
        c.refreshSignatureNorm();
        double total = 0, ve = 0, va = 0;
        for (int i = 0; i < members.size(); i++) {
            total += w[i];
            ve += w[i] * Distortions.semantic(members.get(i).semantic(), c.semanticCentroid);
            va += w[i] * Distortions.signature(members.get(i).signature(), c.signatureCentroid, c.signatureL1);
        }
        c.reservoirVarE = ve / total;
        c.reservoirVarA = va / total;
    }

    private void dropDead(ScopeState s, List<StructureChange> changes) {
        if (s.components.size() <= 1) {
            return;
        }
        for (OnlineComponent c : List.copyOf(s.components.values())) {
            if (s.components.size() > 1 && c.mass / s.totalMass < settings.minComponentShare()) {
                s.components.remove(c.id);
                s.totalMass -= c.mass;
                changes.add(new StructureChange(StructureChange.Kind.DEAD, c.id, List.of(), s.events));
            }
        }
    }

    private void trySplit(ScopeState s, List<StructureChange> changes) {
        List<OnlineComponent> candidates = new ArrayList<>();
        for (OnlineComponent c : s.components.values()) {
            double distortion = p.distortion(c.reservoirVarE, c.reservoirVarA);
            boolean worthRetrying = c.eventAtSplitTrial < 0
                    || distortion > (1 + settings.splitRetryGrowth()) * c.distortionAtSplitTrial
                    || s.events - c.eventAtSplitTrial >= settings.splitRetryEvents();
            if (c.reservoir.size() >= settings.minSplitMembers() && worthRetrying) {
                candidates.add(c);
            }
        }
        candidates.sort(Comparator.comparingDouble((OnlineComponent c) -> -p.distortion(c.reservoirVarE, c.reservoirVarA)));
        int trials = 0;
        for (OnlineComponent parent : candidates) {
            if (trials++ >= settings.maxSplitTrials()) {
                return;
            }
            List<Member> members = new ArrayList<>(parent.reservoir);
            PointSet points = pointSet(s, members);
            int[] rows = new int[members.size()];
            Arrays.setAll(rows, i -> i);
            Optional<SplitProposal> proposal = new SplitTrial(p, s.seed ^ parent.id).propose(points, rows);
            double share = parent.mass / s.totalMass;
            if (proposal.isPresent() && proposal.get().accepted(p, share, parent.reservoirVarE, parent.reservoirVarA)) {
                SplitProposal sp = proposal.get();
                OnlineComponent first = child(s, parent, members, sp.firstRows(), sp.firstSignature(), sp.alpha());
                OnlineComponent second = child(s, parent, members, sp.secondRows(), sp.secondSignature(), 1 - sp.alpha());
                s.components.remove(parent.id);
                s.components.put(first.id, first);
                s.components.put(second.id, second);
                changes.add(new StructureChange(StructureChange.Kind.SPLIT, parent.id, List.of(first.id, second.id), s.events));
                return;
            }
            parent.distortionAtSplitTrial = p.distortion(parent.reservoirVarE, parent.reservoirVarA);
            parent.eventAtSplitTrial = s.events;
        }
    }

    /** A split child takes its share of the parent's decayed mass and the reservoir members the split gave it. */
    private OnlineComponent child(ScopeState s, OnlineComponent parent, List<Member> members, int[] rows, double[] signature,
                                  double massShare) {
        OnlineComponent c = new OnlineComponent(s.nextId++, parent.id, parent.childLineage(), Origin.SPLIT, s.events,
                s.semanticDim, s.signatureDim);
        for (int j = 0; j < signature.length; j++) {
            c.signatureCentroid[j] = (float) signature[j];
        }
        c.refreshSignatureNorm();
        List<Member> own = new ArrayList<>();
        for (int r : rows) {
            own.add(members.get(r));
        }
        inheritMass(s, c, own, massShare * parent.mass);
        return c;
    }

    /**
     * Gives a new component {@code mass} (inflated) with the semantic direction and distortions of
     * {@code own}; the scope total is unchanged because the mass only moves.
     */
    private void inheritMass(ScopeState s, OnlineComponent c, List<Member> own, double mass) {
        double[] w = decayedWeights(s, own);
        double total = Arrays.stream(w).sum();
        for (int i = 0; i < own.size(); i++) {
            float[] e = own.get(i).semantic();
            for (int j = 0; j < e.length; j++) {
                c.semanticSum[j] += mass * w[i] / total * e[j];
            }
            c.remember(own.get(i), settings.reservoirCapacity());
        }
        c.mass = mass;
        c.assigned = own.size();
        c.refreshSemanticCentroid();
        double ve = 0, va = 0;
        for (int i = 0; i < own.size(); i++) {
            ve += w[i] / total * Distortions.semantic(own.get(i).semantic(), c.semanticCentroid);
            va += w[i] / total * Distortions.signature(own.get(i).signature(), c.signatureCentroid, c.signatureL1);
        }
        c.reservoirVarE = ve;
        c.reservoirVarA = va;
        c.distortionE = mass * ve;
        c.distortionA = mass * va;
    }

    /**
     * What removing one component would do: where each of its reservoir members would go, and the
     * entropy saved against the distortion added (the batch removal test, the reservoir standing in
     * for the members).
     */
    private record RemovalProposal(int candidate, int[] receivers, double[] received, double[] weights, double saved,
                                   double distortionAdded) {
        boolean accepted() {
            return saved > distortionAdded;
        }
    }

    /** The batch removal test with the candidate's reservoir standing in for its members. */
    private void tryRemoval(ScopeState s, List<StructureChange> changes) {
        OnlineComponent[] comps = s.components.values().toArray(new OnlineComponent[0]);
        double[] masses = masses(comps);
        boolean[] tried = removalCandidates(s, comps, masses);
        for (int c = 0; c < comps.length; c++) {
            if (comps[c].reservoir.isEmpty() || !tried[c]) {
                continue;
            }
            RemovalProposal proposal = proposeRemoval(s, comps, masses, c);
            if (proposal.accepted()) {
                applyRemoval(s, comps, proposal, changes);
                return;
            }
        }
    }

    private static double[] masses(OnlineComponent[] comps) {
        double[] masses = new double[comps.length];
        for (int k = 0; k < comps.length; k++) {
            masses[k] = comps[k].mass;
        }
        return masses;
    }

    private RemovalProposal proposeRemoval(ScopeState s, OnlineComponent[] comps, double[] masses, int c) {
        double[] rates = new double[comps.length];
        for (int k = 0; k < comps.length; k++) {
            rates[k] = Entropy.rateOf(comps[k].mass / s.totalMass);
        }
        OnlineComponent candidate = comps[c];
        List<Member> members = new ArrayList<>(candidate.reservoir);
        double[] w = decayedWeights(s, members);
        double wTotal = Arrays.stream(w).sum();
        double share = candidate.mass / s.totalMass;
        int[] receivers = new int[members.size()];
        double[] received = new double[comps.length];
        double dE = 0, dA = 0;
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            double best = Double.POSITIVE_INFINITY, bestE = 0, bestA = 0;
            for (int k = 0; k < comps.length; k++) {
                if (k == c) {
                    continue;
                }
                double e = Distortions.semantic(m.semantic(), comps[k].semanticCentroid);
                double a = Distortions.signature(m.signature(), comps[k].signatureCentroid, comps[k].signatureL1);
                double cost = rates[k] + p.distortion(e, a);
                if (cost < best) {
                    best = cost;
                    receivers[i] = k;
                    bestE = e;
                    bestA = a;
                }
            }
            double f = wTotal > 0 ? w[i] / wTotal : 0;
            received[receivers[i]] += f;
            dE += share * f * (bestE - Distortions.semantic(m.semantic(), candidate.semanticCentroid));
            dA += share * f * (bestA - Distortions.signature(m.signature(), candidate.signatureCentroid, candidate.signatureL1));
        }
        double[] after = masses.clone();
        after[c] = 0;
        for (int k = 0; k < comps.length; k++) {
            after[k] += received[k] * candidate.mass;
        }
        double saved = Entropy.ofMasses(masses) - Entropy.ofMasses(after);
        return new RemovalProposal(c, receivers, received, w, saved, p.distortion(dE, dA));
    }

    /** Moves the candidate's mass and reservoir members to their receivers and drops it. */
    private void applyRemoval(ScopeState s, OnlineComponent[] comps, RemovalProposal proposal, List<StructureChange> changes) {
        OnlineComponent candidate = comps[proposal.candidate()];
        List<Member> members = new ArrayList<>(candidate.reservoir);
        double[] w = proposal.weights();
        double wTotal = Arrays.stream(w).sum();
        List<Integer> receiverIds = new ArrayList<>();
        for (int k = 0; k < comps.length; k++) {
            if (proposal.received()[k] > 0) {
                receiverIds.add(comps[k].id);
                OnlineComponent to = comps[k];
                double moved = proposal.received()[k] * candidate.mass;
                for (int i = 0; i < members.size(); i++) {
                    if (proposal.receivers()[i] == k) {
                        float[] e = members.get(i).semantic();
                        double share_i = w[i] / wTotal * candidate.mass;
                        for (int j = 0; j < e.length; j++) {
                            to.semanticSum[j] += share_i * e[j];
                        }
                        to.remember(members.get(i), settings.reservoirCapacity());
                    }
                }
                to.mass += moved;
                to.refreshSemanticCentroid();
                refreshFromReservoir(s, to);
                to.distortionE += moved * to.reservoirVarE;
                to.distortionA += moved * to.reservoirVarA;
            }
        }
        s.components.remove(candidate.id);
        changes.add(new StructureChange(StructureChange.Kind.REMOVAL, candidate.id, List.copyOf(receiverIds), s.events));
    }

    /**
     * At the cap a birth still happens when it pays: the component whose removal costs least
     * (by the exact removal test, among the screen's picks) makes room, whether or not its removal
     * would pay on its own. Otherwise a scope that reached the cap could never open a component
     * for a new mode again.
     */
    private void makeRoom(ScopeState s, int newborn, List<StructureChange> changes) {
        OnlineComponent[] comps = s.components.values().toArray(new OnlineComponent[0]);
        double[] masses = masses(comps);
        boolean[] tried = removalCandidates(s, comps, masses);
        RemovalProposal cheapest = null;
        for (int c = 0; c < comps.length; c++) {
            if (comps[c].id == newborn || comps[c].reservoir.isEmpty() || !tried[c]) {
                continue;
            }
            RemovalProposal proposal = proposeRemoval(s, comps, masses, c);
            if (cheapest == null || proposal.distortionAdded() - proposal.saved() < cheapest.distortionAdded() - cheapest.saved()) {
                cheapest = proposal;
            }
        }
        if (cheapest != null) {
            applyRemoval(s, comps, cheapest, changes);
        }
    }

    /**
     * Which components the removal test examines this pass. The exact test reassigns a candidate's
     * whole reservoir to every other component, O(K * reservoir * d) per candidate, so trying all
     * K candidates grows with K squared (about half of a pass at K=64). When K exceeds
     * {@code maxRemovalTrials}, a screen picks that many: the components whose removal looks
     * cheapest when their mass is moved, as a whole, to the centroid that costs least, measured
     * centroid to centroid ({@code share * beta-weighted distance - rate saved}). The picked ones
     * are then tested in the usual order, so with K at or below the cap nothing changes.
     */
    private boolean[] removalCandidates(ScopeState s, OnlineComponent[] comps, double[] masses) {
        int k = comps.length;
        boolean[] tried = new boolean[k];
        if (k <= settings.maxRemovalTrials()) {
            Arrays.fill(tried, true);
            return tried;
        }
        SparseSignature[] centroids = new SparseSignature[k];
        for (int c = 0; c < k; c++) {
            centroids[c] = SparseSignature.fromDense(comps[c].signatureCentroid);
        }
        double before = Entropy.ofMasses(masses);
        Integer[] order = new Integer[k];
        double[] score = new double[k];
        for (int c = 0; c < k; c++) {
            order[c] = c;
            double nearest = Double.POSITIVE_INFINITY;
            int receiver = -1;
            for (int j = 0; j < k; j++) {
                if (j == c) {
                    continue;
                }
                double d = p.distortion(Distortions.semantic(comps[c].semanticCentroid, comps[j].semanticCentroid),
                        Distortions.signature(centroids[c], comps[j].signatureCentroid, comps[j].signatureL1));
                if (d < nearest) {
                    nearest = d;
                    receiver = j;
                }
            }
            double[] after = masses.clone();
            after[receiver] += after[c];
            after[c] = 0;
            score[c] = comps[c].mass / s.totalMass * nearest - (before - Entropy.ofMasses(after));
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer c) -> score[c]).thenComparingInt(c -> c));
        for (int i = 0; i < settings.maxRemovalTrials(); i++) {
            tried[order[i]] = true;
        }
        return tried;
    }

    /**
     * Opens a component on the buffer's most coherent subset when the distortion it removes exceeds
     * the rate it adds: the split inequality with the subset as the new child and its points' current
     * components as the parents.
     */
    /** @return the id of the component born, or -1 when none was */
    private int tryBirth(ScopeState s, List<StructureChange> changes) {
        List<Member> buffer = new ArrayList<>(s.buffer);
        int n = buffer.size();
        double[] w = decayedWeights(s, buffer);
        // Not s.order: this pass may already have split, removed or dropped components.
        OnlineComponent[] comps = s.components.values().toArray(new OnlineComponent[0]);
        double[] old = new double[n];
        int[] donor = new int[n];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k < comps.length; k++) {
                double d = p.distortion(Distortions.semantic(buffer.get(i).semantic(), comps[k].semanticCentroid),
                        Distortions.signature(buffer.get(i).signature(), comps[k].signatureCentroid, comps[k].signatureL1));
                double cost = Entropy.rateOf(comps[k].mass / s.totalMass) + d;
                if (cost < best) {
                    best = cost;
                    donor[i] = k;
                    old[i] = d;
                }
            }
        }
        // Seed: the buffered point that, used as a centroid, would save the most distortion.
        int seed = -1;
        double bestGain = 0;
        for (int i = 0; i < n; i++) {
            double gain = 0;
            for (int j = 0; j < n; j++) {
                double d = p.distortion(Distortions.semantic(buffer.get(j).semantic(), buffer.get(i).semantic()),
                        Distortions.signature(buffer.get(j).signature(), buffer.get(i).signature()));
                if (d < old[j]) {
                    gain += w[j] * (old[j] - d);
                }
            }
            if (gain > bestGain) {
                bestGain = gain;
                seed = i;
            }
        }
        if (seed < 0) {
            return -1;
        }
        OnlineComponent probe = new OnlineComponent(0, -1, new int[0], Origin.BIRTH, s.events, s.semanticDim, s.signatureDim);
        List<Integer> subset = new ArrayList<>(List.of(seed));
        for (int round = 0; round < 3; round++) {
            centreOn(s, probe, buffer, w, subset);
            List<Integer> next = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (distortion(buffer.get(j), probe) < old[j]) {
                    next.add(j);
                }
            }
            if (next.size() < 2) {
                return -1;
            }
            subset = next;
        }
        centreOn(s, probe, buffer, w, subset);
        if (subset.size() < settings.minBirthPoints()) {
            return -1;
        }
        double[] before = new double[comps.length];
        for (int k = 0; k < comps.length; k++) {
            before[k] = comps[k].mass;
        }
        double[] after = Arrays.copyOf(before, comps.length + 1);
        double[] moved = new double[n];
        double saved = 0;
        for (int j : subset) {
            moved[j] = Math.min(w[j], after[donor[j]]);
            after[donor[j]] -= moved[j];
            after[comps.length] += moved[j];
            saved += w[j] / s.totalMass * (old[j] - distortion(buffer.get(j), probe));
        }
        double rateAdded = Entropy.ofMasses(after) - Entropy.ofMasses(before);
        if (!(saved > rateAdded)) {
            return -1;
        }
        OnlineComponent born = new OnlineComponent(s.nextId++, -1, new int[0], Origin.BIRTH, s.events, s.semanticDim, s.signatureDim);
        System.arraycopy(probe.signatureCentroid, 0, born.signatureCentroid, 0, probe.signatureCentroid.length);
        born.refreshSignatureNorm();
        List<Member> own = new ArrayList<>();
        List<Integer> donors = new ArrayList<>();
        for (int j : subset) {
            own.add(buffer.get(j));
            comps[donor[j]].mass -= moved[j];
            if (!donors.contains(comps[donor[j]].id)) {
                donors.add(comps[donor[j]].id);
            }
        }
        inheritMass(s, born, own, after[comps.length]);
        s.components.put(born.id, born);
        for (int j : subset) {
            s.buffer.remove(buffer.get(j));
        }
        changes.add(new StructureChange(StructureChange.Kind.BIRTH, born.id, List.copyOf(donors), s.events));
        return born.id;
    }

    private void centreOn(ScopeState s, OnlineComponent probe, List<Member> buffer, double[] w, List<Integer> subset) {
        Arrays.fill(probe.semanticSum, 0);
        List<SparseSignature> sigs = new ArrayList<>();
        double[] sw = new double[subset.size()];
        for (int i = 0; i < subset.size(); i++) {
            Member m = buffer.get(subset.get(i));
            sw[i] = w[subset.get(i)];
            for (int j = 0; j < m.semantic().length; j++) {
                probe.semanticSum[j] += sw[i] * m.semantic()[j];
            }
            sigs.add(m.signature());
        }
        probe.refreshSemanticCentroid();
        float[] median = SparseMedian.of(sigs, sw, s.signatureDim);
        System.arraycopy(median, 0, probe.signatureCentroid, 0, median.length);
        probe.refreshSignatureNorm();
    }

    private double distortion(Member m, OnlineComponent c) {
        return c.jointDistortion(m, p);
    }

    // ---------------------------------------------------------------- decay and layout

    /** A member's weight decayed to now, in the scope's inflated units. */
    private double inflatedWeight(ScopeState s, Member m) {
        return m.weight() * Math.pow(2, -(s.events - m.event()) / settings.halfLifeEvents()) * s.scale;
    }

    private double[] decayedWeights(ScopeState s, List<Member> members) {
        double[] w = new double[members.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = inflatedWeight(s, members.get(i));
        }
        return w;
    }

    private PointSet pointSet(ScopeState s, List<Member> members) {
        int n = members.size();
        double[] w = decayedWeights(s, members);
        double[][] e = new double[n][];
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            float[] f = members.get(i).semantic();
            e[i] = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                e[i][j] = f[j];
            }
            a[i] = members.get(i).signature().toDense();
        }
        return new PointSet(w, e, a);
    }

    private static void rescale(ScopeState s) {
        double f = 1 / s.scale;
        for (OnlineComponent c : s.components.values()) {
            c.mass *= f;
            c.distortionE *= f;
            c.distortionA *= f;
            for (int j = 0; j < c.semanticSum.length; j++) {
                c.semanticSum[j] *= f;
            }
            c.refreshSemanticCentroid(); // keeps the cache equal to what decoding would rebuild
        }
        s.totalMass *= f;
        s.scale = 1.0;
        s.rebuildOrder();
    }

    private static void checkDimensions(ScopeState s, Observation o) {
        if (s.semanticDim < 0) {
            s.semanticDim = o.semantic().length;
            s.signatureDim = o.signature().dim();
        }
        if (o.semantic().length != s.semanticDim || o.signature().dim() != s.signatureDim) {
            throw new IllegalArgumentException("observation " + o.id() + " has dimensions " + o.semantic().length + "+"
                    + o.signature().dim() + ", scope " + s.scope + " has " + s.semanticDim + "+" + s.signatureDim);
        }
    }
}
