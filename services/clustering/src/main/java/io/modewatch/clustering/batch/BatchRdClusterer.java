package io.modewatch.clustering.batch;

import io.modewatch.clustering.Distances;
import io.modewatch.clustering.Entropy;
import io.modewatch.clustering.RdParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The paper's batch rate-distortion clustering, step for step as the reference code runs it:
 * K=1 start; per outer iteration a hard E-step with the {@code -ln(Pbar + 1e-10)} rate, an M-step
 * that drops empty components, at most one split, at most one removal; stop when {@code L_RD}
 * changes by less than 1e-3 relatively, or after 50 iterations. K is never fixed in advance.
 */
public final class BatchRdClusterer {

    public static final int MAX_ITERATIONS = 50;
    public static final double CONVERGENCE_THRESHOLD = 1e-3;

    private final RdParameters parameters;
    private final SplitTrial splitTrial;

    /** @param seed the split trials' power-iteration seed (the reference uses 42 for every trial) */
    public BatchRdClusterer(RdParameters parameters, long seed) {
        this.parameters = parameters;
        this.splitTrial = new SplitTrial(parameters, seed);
    }

    /** A component while the algorithm runs; ids are allocated in creation order and never reused. */
    private static final class Component {
        final int id;
        int[] members;
        double mass;
        double[] muE;
        double[] muA;
        double varE;
        double varA;

        Component(int id, int[] members, double[] muE, double[] muA) {
            this.id = id;
            this.members = members;
            this.muE = muE;
            this.muA = muA;
        }
    }

    /** A component's member rows as a set key. */
    private record MemberSet(int[] rows) {
        @Override
        public boolean equals(Object o) {
            return o instanceof MemberSet m && Arrays.equals(m.rows, rows);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(rows);
        }
    }

    public BatchResult cluster(PointSet points) {
        int n = points.size();
        double total = points.totalWeight();
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        List<Component> components = new ArrayList<>();
        components.add(new Component(1, all, Centroids.semanticMean(points, all, true), Centroids.signatureMedian(points, all)));
        int nextId = 2;
        refreshStatistics(points, components);
        List<IterationTrace> trace = new ArrayList<>();
        // The trial and its acceptance depend only on the members (same seed, same points, and the
        // centroids, share and variances are functions of the members), so a refused member set is
        // refused again: remembering it skips the dearest repeated work without changing the result.
        Set<MemberSet> refused = new HashSet<>();
        double previous = Double.POSITIVE_INFINITY;
        boolean converged = false;
        int iteration = 0;
        while (iteration < MAX_ITERATIONS && !converged) {
            iteration++;
            int[] owner = eStep(points, components, total);
            components = mStep(points, components, owner);

            boolean split = false;
            for (Component candidate : splitOrder(components)) {
                MemberSet key = new MemberSet(candidate.members);
                if (refused.contains(key)) {
                    continue;
                }
                Optional<SplitProposal> proposal = splitTrial.propose(points, candidate.members);
                double share = candidate.mass / total;
                if (proposal.isPresent() && proposal.get().accepted(parameters, share, candidate.varE, candidate.varA)) {
                    SplitProposal p = proposal.get();
                    components.remove(candidate);
                    components.add(new Component(nextId++, p.firstRows(), p.firstSemantic(), p.firstSignature()));
                    components.add(new Component(nextId++, p.secondRows(), p.secondSemantic(), p.secondSignature()));
                    split = true;
                    break;
                }
                refused.add(key);
            }
            refreshStatistics(points, components);

            boolean removal = false;
            if (components.size() > 1) {
                for (int c = 0; c < components.size(); c++) {
                    RemovalProposal proposal = proposeRemoval(points, components, c, total);
                    if (proposal.accepted(parameters)) {
                        applyRemoval(points, components, c, proposal);
                        removal = true;
                        break;
                    }
                }
            }

            double[] objective = objective(components, total);
            trace.add(new IterationTrace(iteration, components.size(), objective[0], objective[1], objective[2], objective[3], split, removal));
            double current = objective[0];
            if (Math.abs(previous) < 1e-10) {
                converged = Math.abs(current - previous) < CONVERGENCE_THRESHOLD;
            } else {
                converged = Math.abs(current - previous) / Math.abs(previous) < CONVERGENCE_THRESHOLD;
            }
            previous = current;
        }
        return result(points, components, total, iteration, converged, trace);
    }

    /** Each point's index (into {@code components}) of least {@code rate + beta_e d_e + beta_a d_a}. */
    private int[] eStep(PointSet points, List<Component> components, double total) {
        int n = points.size();
        int k = components.size();
        double[] rate = new double[k];
        for (int c = 0; c < k; c++) {
            rate[c] = Entropy.rateOf(components.get(c).mass / total);
        }
        int[] owner = new int[n];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            int bestC = 0;
            for (int c = 0; c < k; c++) {
                double cost = rate[c] + cost(points, i, components.get(c));
                if (cost < best) {
                    best = cost;
                    bestC = c;
                }
            }
            owner[i] = bestC;
        }
        return owner;
    }

    private double cost(PointSet points, int row, Component c) {
        return parameters.distortion(Distances.squaredL2(points.semantic()[row], c.muE),
                Distances.l1(points.signature()[row], c.muA));
    }

    private static List<Component> mStep(PointSet points, List<Component> components, int[] owner) {
        int k = components.size();
        int[] counts = new int[k];
        for (int o : owner) {
            counts[o]++;
        }
        int[][] members = new int[k][];
        for (int c = 0; c < k; c++) {
            members[c] = new int[counts[c]];
        }
        int[] fill = new int[k];
        for (int i = 0; i < owner.length; i++) {
            members[owner[i]][fill[owner[i]]++] = i;
        }
        List<Component> kept = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (counts[c] > 0) {
                Component comp = components.get(c);
                comp.members = members[c];
                comp.muE = Centroids.semanticMean(points, members[c], true);
                comp.muA = Centroids.signatureMedian(points, members[c]);
                kept.add(comp);
            }
        }
        refreshStatistics(points, kept);
        return kept;
    }

    /** Masses and variances around the current centroids. */
    private static void refreshStatistics(PointSet points, List<Component> components) {
        for (Component c : components) {
            c.mass = Centroids.mass(points, c.members);
            double[] v = Centroids.variances(points, c.members, c.muE, c.muA);
            c.varE = v[0];
            c.varA = v[1];
        }
    }

    /** Largest weighted variance first; ties keep creation order (the sort is stable). */
    private List<Component> splitOrder(List<Component> components) {
        List<Component> order = new ArrayList<>(components);
        order.sort(Comparator.comparingDouble((Component c) -> -parameters.distortion(c.varE, c.varA)));
        return order;
    }

    RemovalProposal proposeRemoval(PointSet points, List<Component> components, int candidate, double total) {
        int k = components.size();
        double[] rate = new double[k];
        double[] masses = new double[k];
        for (int c = 0; c < k; c++) {
            masses[c] = components.get(c).mass;
            rate[c] = Entropy.rateOf(masses[c] / total);
        }
        Component removed = components.get(candidate);
        int[] receivers = new int[removed.members.length];
        double[] newMasses = masses.clone();
        newMasses[candidate] = 0;
        double dE = 0, dA = 0;
        for (int m = 0; m < removed.members.length; m++) {
            int row = removed.members[m];
            double best = Double.POSITIVE_INFINITY;
            int bestC = -1;
            for (int c = 0; c < k; c++) {
                if (c != candidate) {
                    double cost = rate[c] + cost(points, row, components.get(c));
                    if (cost < best) {
                        best = cost;
                        bestC = c;
                    }
                }
            }
            receivers[m] = bestC;
            double w = points.weights()[row] / total;
            Component to = components.get(bestC);
            dE += w * (Distances.squaredL2(points.semantic()[row], to.muE) - Distances.squaredL2(points.semantic()[row], removed.muE));
            dA += w * (Distances.l1(points.signature()[row], to.muA) - Distances.l1(points.signature()[row], removed.muA));
            newMasses[bestC] += points.weights()[row];
        }
        return new RemovalProposal(Entropy.ofMasses(masses) - Entropy.ofMasses(newMasses), dE, dA, receivers);
    }

    private static void applyRemoval(PointSet points, List<Component> components, int candidate, RemovalProposal proposal) {
        Component removed = components.get(candidate);
        List<List<Integer>> gained = new ArrayList<>();
        for (int c = 0; c < components.size(); c++) {
            gained.add(new ArrayList<>());
        }
        for (int m = 0; m < removed.members.length; m++) {
            gained.get(proposal.receivers()[m]).add(removed.members[m]);
        }
        for (int c = 0; c < components.size(); c++) {
            if (!gained.get(c).isEmpty()) {
                Component to = components.get(c);
                int[] merged = Arrays.copyOf(to.members, to.members.length + gained.get(c).size());
                for (int g = 0; g < gained.get(c).size(); g++) {
                    merged[to.members.length + g] = gained.get(c).get(g);
                }
                Arrays.sort(merged);
                to.members = merged;
                to.muE = Centroids.semanticMean(points, merged, true);
                to.muA = Centroids.signatureMedian(points, merged);
            }
        }
        components.remove(candidate);
        refreshStatistics(points, components);
    }

    /** {L_RD, H, D_e, D_a}. */
    private double[] objective(List<Component> components, double total) {
        double[] masses = new double[components.size()];
        double dE = 0, dA = 0;
        for (int c = 0; c < masses.length; c++) {
            Component comp = components.get(c);
            masses[c] = comp.mass;
            dE += comp.mass / total * comp.varE;
            dA += comp.mass / total * comp.varA;
        }
        double h = Entropy.ofMasses(masses);
        return new double[] {h + parameters.distortion(dE, dA), h, dE, dA};
    }

    private BatchResult result(PointSet points, List<Component> components, double total, int iterations, boolean converged,
                               List<IterationTrace> trace) {
        int[] assignment = new int[points.size()];
        List<BatchCluster> clusters = new ArrayList<>();
        for (Component c : components) {
            for (int m : c.members) {
                assignment[m] = c.id;
            }
            clusters.add(new BatchCluster(c.id, c.mass / total, c.mass, c.varE, c.varA, c.muE, c.muA, c.members));
        }
        double[] objective = objective(components, total);
        return new BatchResult(components.size(), objective[0], objective[1], objective[2], objective[3], iterations, converged,
                assignment, List.copyOf(clusters), List.copyOf(trace));
    }
}
