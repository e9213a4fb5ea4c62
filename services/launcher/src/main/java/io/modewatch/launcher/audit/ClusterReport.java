package io.modewatch.launcher.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modewatch.clustering.Distances;
import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.batch.BatchCluster;
import io.modewatch.clustering.batch.BatchResult;
import io.modewatch.clustering.batch.PointSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The audit's JSON output. The medoid is the paper's combined-distance medoid on raw signatures
 * (unsquared L2 + L1, uniform weights), because that is the continuation the steering check uses;
 * its top units are ranked by absolute raw attribution for the same reason.
 */
final class ClusterReport {

    static final int EXEMPLARS = 5;
    static final int TOP_UNITS = 10;

    private ClusterReport() {
    }

    static ObjectNode build(ObjectMapper json, AuditPoints input, PointSet points, RdParameters p, BatchResult r) {
        ObjectNode root = json.createObjectNode();
        root.put("beta", p.beta());
        root.put("gamma", p.gamma());
        root.put("K", r.k());
        root.put("L_RD", r.objective());
        root.put("H", r.rate());
        root.put("D_e", r.distortionE());
        root.put("D_a", r.distortionA());
        root.put("iterations", r.iterations());
        root.put("converged", r.converged());
        ObjectNode assignments = root.putObject("assignments");
        for (int i = 0; i < r.assignment().length; i++) {
            assignments.put(input.ids().get(i), r.assignment()[i]);
        }
        ArrayNode clusters = root.putArray("clusters");
        for (BatchCluster c : r.clusters()) {
            ObjectNode node = clusters.addObject();
            node.put("id", c.id());
            node.put("share", c.share());
            node.put("size", c.members().length);
            int medoid = medoid(input, c.members(), p.gamma());
            node.put("medoid", input.ids().get(medoid));
            ArrayNode exemplars = node.putArray("exemplars");
            Integer[] byCost = Arrays.stream(c.members()).boxed().toArray(Integer[]::new);
            Arrays.sort(byCost, Comparator.comparingDouble((Integer i) -> p.betaE() * Distances.squaredL2(points.semantic()[i], c.semanticCentroid())
                    + p.betaA() * Distances.l1(points.signature()[i], c.signatureCentroid())));
            for (int k = 0; k < Math.min(EXEMPLARS, byCost.length); k++) {
                ObjectNode ex = exemplars.addObject();
                ex.put("id", input.ids().get(byCost[k]));
                if (input.texts().get(byCost[k]) != null) {
                    ex.put("text", input.texts().get(byCost[k]));
                }
            }
            double[] raw = input.signatures()[medoid];
            ArrayNode units = node.putArray("topUnits");
            IntStream.range(0, raw.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer j) -> -Math.abs(raw[j])).thenComparingInt(j -> j))
                    .limit(TOP_UNITS).filter(j -> raw[j] != 0)
                    .forEach(j -> units.addObject().put("unit", j).put("attribution", raw[j]));
        }
        return root;
    }

    /** {@code argmin_i sum_j [gamma ||e_i - e_j||_2 + (1 - gamma) ||a_i - a_j||_1]} over raw signatures. */
    static int medoid(AuditPoints input, int[] members, double gamma) {
        int best = members[0];
        double bestCost = Double.POSITIVE_INFINITY;
        for (int i : members) {
            double cost = 0;
            for (int j : members) {
                cost += gamma * Distances.euclidean(input.semantic()[i], input.semantic()[j])
                        + (1 - gamma) * Distances.l1(input.signatures()[i], input.signatures()[j]);
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = i;
            }
        }
        return best;
    }
}
