package io.modewatch.clustering.detect;

import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.online.Member;
import io.modewatch.clustering.online.Observation;
import io.modewatch.clustering.online.OnlineComponent;
import io.modewatch.clustering.online.ScopeState;
import java.util.ArrayList;
import java.util.List;

/**
 * Was a component's traffic already there when the reference was taken? Far centroids alone
 * cannot tell: a finer cut of known traffic (a split child, a birth from a known mode's tail) sits
 * far from the coarse known mode it was part of, exactly like a new mode. So the detector keeps the
 * scope's bootstrap traffic (every observation of the first clustering, not only the reservoirs'
 * recent members: a rare prompt form has a few continuations there, and a reservoir keeps a third
 * of a large component's), and a far component is asked how much of that sample it would have
 * explained better than the component that explained it then. A re-cut takes about its
 * own share; a new mode, whose traffic did not exist then, takes about nothing.
 */
final class ReferenceSample {

    /**
     * A continuation of the scope's traffic at reference time, standing for {@code traffic} of the
     * whole, with its joint distortion under the component that held it then.
     */
    record Point(double traffic, double ownDistortion, Member member) {
    }

    private ReferenceSample() {
    }

    /**
     * The scope's bootstrap traffic, just clustered: every observation (at most {@code capacity}, an
     * even stride through them when there are more), each standing for an equal part.
     */
    static List<Point> ofBootstrap(ScopeState scope, List<Observation> bootstrap, long firstEvent, int capacity,
                                   RdParameters p) {
        List<Point> all = new ArrayList<>(bootstrap.size());
        for (int i = 0; i < bootstrap.size(); i++) {
            Observation o = bootstrap.get(i);
            Member m = new Member(firstEvent + i, o.id(), o.weight(), o.semantic(), scope.normaliser().apply(o.signature()), null);
            double own = Double.POSITIVE_INFINITY;
            for (OnlineComponent c : scope.components()) {
                own = Math.min(own, c.jointDistortion(m, p));
            }
            all.add(new Point(1.0, own, m));
        }
        return strided(all, capacity);
    }

    /** The reservoirs' members (for a deliberate re-baseline), each standing for its component's share over its size. */
    static List<Point> take(ScopeState scope, int capacity, RdParameters p) {
        List<Point> all = new ArrayList<>();
        for (OnlineComponent c : scope.components()) {
            List<Member> reservoir = c.reservoir();
            double each = reservoir.isEmpty() ? 0 : scope.share(c.id()) / reservoir.size();
            for (Member m : reservoir) {
                // Texts are not needed to judge and would only grow the state.
                all.add(new Point(each, c.jointDistortion(m, p),
                        new Member(m.event(), m.id(), m.weight(), m.semantic(), m.signature(), null)));
            }
        }
        return strided(all, capacity);
    }

    private static List<Point> strided(List<Point> all, int capacity) {
        if (all.size() <= capacity) {
            return all;
        }
        List<Point> kept = new ArrayList<>(capacity);
        double stride = (double) all.size() / capacity;
        double scale = (double) all.size() / capacity; // each kept point stands for the ones skipped beside it
        for (int i = 0; i < capacity; i++) {
            Point p = all.get((int) (i * stride));
            kept.add(new Point(p.traffic() * scale, p.ownDistortion(), p.member()));
        }
        return kept;
    }

    /**
     * The share of the sample's traffic that {@code candidate} explains better (lower joint
     * distortion) than the component that held it when the sample was taken. Judged against those
     * components, not today's, so that known finer cuts of the same traffic do not hide it.
     */
    static double explainedShare(List<Point> sample, OnlineComponent candidate, RdParameters p) {
        double total = 0, taken = 0;
        for (Point point : sample) {
            total += point.traffic();
            if (candidate.jointDistortion(point.member(), p) < point.ownDistortion()) {
                taken += point.traffic();
            }
        }
        return total > 0 ? taken / total : 0;
    }
}
