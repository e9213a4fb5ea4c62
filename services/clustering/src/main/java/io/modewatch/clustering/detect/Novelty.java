package io.modewatch.clustering.detect;

import io.modewatch.clustering.Distances;
import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.online.OnlineComponent;
import io.modewatch.clustering.online.ScopeState;
import java.util.List;

/**
 * How a component relates to the known modes: which view is new (null kind when some known mode is
 * near in both views at once), the known mode it departs from, and its offset from that mode in the
 * new view. A view is near when the centroids' distance is within {@code factor} times the two
 * components' spreads in that view plus the scope's floor, so a tight new mode is not hidden by a
 * loose known one, and a loose re-cut of known traffic is not mistaken for a new mode.
 *
 * @param departsFrom the known mode the offset is measured from: for MECHANISTIC the nearest in meaning,
 *                    otherwise the nearest in the joint cost
 * @param offset      unit vector from that mode's centroid to the component's, in the new view
 *                    (the signature for MECHANISTIC, the embedding otherwise); empty with no reference at all
 */
record Novelty(NoveltyKind kind, ReferenceMode departsFrom, double semanticDistance, double signatureDistance,
               double semanticThreshold, double signatureThreshold, float[] offset) {

    static Novelty of(ScopeState scope, OnlineComponent c, List<ReferenceMode> reference, double factor, RdParameters p) {
        float[] e = c.semanticCentroid();
        float[] a = c.signatureCentroid();
        boolean anyNearE = false, anyNearA = false;
        ReferenceMode nearestJoint = null, nearestMeaning = null;
        double jointCost = Double.POSITIVE_INFINITY, meaningE = Double.POSITIVE_INFINITY, meaningA = Double.POSITIVE_INFINITY;
        double[] at = new double[4];
        for (ReferenceMode r : reference) {
            double dE = Distances.squaredL2(e, r.semantic());
            double dA = Distances.l1(a, r.signature());
            double limitE = factor * (c.varE() + r.varE()) + scope.floorE();
            double limitA = factor * (c.varA() + r.varA()) + scope.floorA();
            boolean nearE = dE <= limitE;
            boolean nearA = dA <= limitA;
            if (nearE && nearA) {
                return new Novelty(null, r, dE, dA, limitE, limitA, null);
            }
            anyNearE |= nearE;
            anyNearA |= nearA;
            double cost = p.distortion(dE, dA);
            if (cost < jointCost) {
                jointCost = cost;
                nearestJoint = r;
                at[0] = dE;
                at[1] = dA;
            }
            if (dE < meaningE || (dE == meaningE && dA < meaningA)) {
                meaningE = dE;
                meaningA = dA;
                nearestMeaning = r;
                at[2] = limitE;
                at[3] = limitA;
            }
        }
        if (nearestJoint == null) {
            return new Novelty(NoveltyKind.BOTH, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, new float[0]);
        }
        NoveltyKind kind = anyNearE ? NoveltyKind.MECHANISTIC : anyNearA ? NoveltyKind.SEMANTIC : NoveltyKind.BOTH;
        if (kind == NoveltyKind.MECHANISTIC) {
            return new Novelty(kind, nearestMeaning, meaningE, meaningA, at[2], at[3], unitOffset(a, nearestMeaning.signature()));
        }
        double limitE = factor * (c.varE() + nearestJoint.varE()) + scope.floorE();
        double limitA = factor * (c.varA() + nearestJoint.varA()) + scope.floorA();
        return new Novelty(kind, nearestJoint, at[0], at[1], limitE, limitA, unitOffset(e, nearestJoint.semantic()));
    }

    static float[] unitOffset(float[] to, float[] from) {
        float[] d = new float[to.length];
        double norm = 0;
        for (int j = 0; j < d.length; j++) {
            d[j] = to[j] - from[j];
            norm += (double) d[j] * d[j];
        }
        double inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
        for (int j = 0; j < d.length; j++) {
            d[j] = (float) (d[j] * inverse);
        }
        return d;
    }

    static double cosine(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (double) a[j] * b[j];
        }
        return s;
    }
}
