package io.modewatch.clusterer;

import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.detect.DriftWindow;
import io.modewatch.clustering.detect.ModeVanished;
import io.modewatch.clustering.online.Assignment;
import io.modewatch.clustering.online.Member;
import io.modewatch.clustering.online.OnlineComponent;
import io.modewatch.clustering.online.ScopeState;
import io.modewatch.clustering.online.StructureChange;
import io.modewatch.common.signature.UnitSpace;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.ComponentShare;
import io.modewatch.schema.DriftKind;
import io.modewatch.schema.Exemplar;
import io.modewatch.schema.ModeAlert;
import io.modewatch.schema.NoveltyKind;
import io.modewatch.schema.TopUnit;
import io.modewatch.schema.ViewDistances;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Turns what the clustering core reports into the records of the output topics. */
final class OutputRecords {

    private final RdParameters parameters;
    private final int exemplars;
    private final int topUnits;

    OutputRecords(RdParameters parameters, int exemplars, int topUnits) {
        this.parameters = parameters;
        this.exemplars = exemplars;
        this.topUnits = topUnits;
    }

    ClusterAssignment assignment(ScopeState s, JoinedContinuation c, Assignment a) {
        boolean pending = a.componentId() == Assignment.PENDING;
        double share = pending ? 1.0 : s.share(a.componentId());
        double rate = -Math.log(share + 1e-10);
        double semantic = parameters.betaE() * a.distortionE();
        double mechanistic = parameters.betaA() * a.distortionA();
        boolean born = a.changes().stream().anyMatch(ch -> ch.kind() == StructureChange.Kind.BIRTH
                && ch.componentId() == a.componentId());
        return ClusterAssignment.newBuilder()
                .setContinuationId(c.continuationId())
                .setScope(c.scope())
                .setComponentId((long) a.componentId())
                .setCost(rate + semantic + mechanistic)
                .setRateCost(rate)
                .setSemanticCost(semantic)
                .setMechanisticCost(mechanistic)
                .setRunnerUpComponentId(null)
                .setRunnerUpCost(null)
                .setIsNewComponent(born)
                .setDistances(ViewDistances.newBuilder().setSemantic(a.distortionE()).setMechanistic(a.distortionA()).build())
                .setWeight(c.weight())
                .setTimestamp(Instant.ofEpochMilli(c.timestamp()))
                .build();
    }

    ModeAlert alert(ScopeState s, io.modewatch.clustering.detect.ModeAlert alert,
                    ScopeClock clock, JoinedContinuation current) {
        OnlineComponent component = s.component(alert.componentId());
        return ModeAlert.newBuilder()
                .setAlertId(alert.alertId())
                .setScope(alert.scope())
                .setComponentId((long) alert.componentId())
                .setParentId(alert.parentId() < 0 ? null : (long) alert.parentId())
                .setNoveltyKind(NoveltyKind.valueOf(alert.kind().name()))
                .setShare(alert.arrivalShare())
                .setCount(alert.count())
                .setFirstSeen(Instant.ofEpochMilli(estimateTime(clock, s.events(), alert.bornAt(), current.timestamp())))
                .setDetectedAt(Instant.ofEpochMilli(current.timestamp()))
                .setExemplars(familyExemplars(s, alert))
                // The lead component's departure from the known mode it is new against, and the thresholds it crossed.
                .setNearestSemanticReferenceId((long) alert.nearestReferenceId())
                .setNearestMechanisticReferenceId((long) alert.nearestReferenceId())
                .setReferenceDistances(ViewDistances.newBuilder()
                        .setSemantic(alert.semanticDistance()).setMechanistic(alert.signatureDistance()).build())
                .setThresholds(ViewDistances.newBuilder()
                        .setSemantic(alert.semanticThreshold()).setMechanistic(alert.signatureThreshold()).build())
                .setTopUnits(component == null ? List.of() : topUnits(component.signatureCentroid(), current.signatureSpaceId()))
                .setSignatureSpaceId(current.signatureSpaceId())
                .setModelId(current.modelId())
                .setModelVersion(current.modelVersion())
                .setComponentIds(alert.componentIds().stream().map(Integer::longValue).toList())
                .build();
    }

    ClusterDriftEvent window(ScopeState s, DriftWindow w, ScopeClock clock, long now) {
        return drift(s, DriftKind.WINDOW_STATS, clock.windowStartTimestamp, now, w.shares(), w.rate(),
                w.distortionE(), w.distortionA(), w.objective(), w.lastEvent() - w.firstEvent() + 1, w.jensenShannon(),
                null, null);
    }

    ClusterDriftEvent change(ScopeState s, StructureChange change, long now) {
        DriftKind kind = switch (change.kind()) {
            case BIRTH -> DriftKind.COMPONENT_BORN;
            case SPLIT -> DriftKind.COMPONENT_SPLIT;
            case REMOVAL, DEAD -> DriftKind.COMPONENT_REMOVED;
        };
        OnlineComponent c = s.component(change.componentId());
        Long parent = c == null || c.parentId() < 0 ? null : (long) c.parentId();
        return drift(s, kind, now, now, s.shares(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, null,
                (long) change.componentId(), parent);
    }

    ClusterDriftEvent vanished(ScopeState s, ModeVanished v, long now) {
        return drift(s, DriftKind.MODE_VANISHED, now, now, s.shares(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0,
                null, (long) v.componentId(), null);
    }

    private ClusterDriftEvent drift(ScopeState s, DriftKind kind, long start, long end, Map<Integer, Double> shares,
                                    double rate, double de, double da, double objective, long count, Double js,
                                    Long componentId, Long parentId) {
        List<ComponentShare> list = new ArrayList<>();
        shares.forEach((id, share) -> {
            OnlineComponent c = s.component(id);
            list.add(ComponentShare.newBuilder().setComponentId((long) id).setShare(share)
                    .setMass(share * totalMass(s)).setCount(c == null ? 0 : c.assigned()).build());
        });
        return ClusterDriftEvent.newBuilder()
                .setScope(s.scope())
                .setWindowStart(Instant.ofEpochMilli(Math.max(0, start)))
                .setWindowEnd(Instant.ofEpochMilli(Math.max(0, end)))
                .setKind(kind)
                .setK(s.k())
                .setEntropy(rate)
                .setDE(de)
                .setDA(da)
                .setLRd(objective)
                .setBetaE(parameters.betaE())
                .setBetaA(parameters.betaA())
                .setTotalMass(totalMass(s))
                .setWindowCount(count)
                .setJsDivergence(js)
                .setShares(list)
                .setComponentId(componentId)
                .setParentId(parentId)
                .build();
    }

    /** The most recent members of every component of the alert's mode, newest first. */
    private List<Exemplar> familyExemplars(ScopeState s, io.modewatch.clustering.detect.ModeAlert alert) {
        List<Member> members = new ArrayList<>();
        for (int id : alert.componentIds()) {
            OnlineComponent c = s.component(id);
            if (c != null) {
                members.addAll(c.reservoir());
            }
        }
        return newest(members);
    }

    List<Exemplar> exemplars(OnlineComponent component) {
        if (component == null) {
            return List.of();
        }
        return newest(new ArrayList<>(component.reservoir()));
    }

    private List<Exemplar> newest(List<Member> members) {
        members.sort(Comparator.comparingLong(Member::event).reversed().thenComparing(Member::id));
        return members.stream().limit(exemplars).map(m -> Exemplar.newBuilder().setContinuationId(m.id())
                .setText(m.text()).setWeight(m.weight()).build()).toList();
    }

    /**
     * The centroid's largest units by |attribution|, each named by the signature space
     * ({@link UnitSpace}) when its id describes a layout of the centroid's size, else by index only.
     */
    List<TopUnit> topUnits(float[] centroid, String signatureSpaceId) {
        UnitSpace space = UnitSpace.parse(signatureSpaceId).filter(u -> u.dimension() == centroid.length).orElse(null);
        return IntStream.range(0, centroid.length).boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -Math.abs(centroid[j])))
                .limit(topUnits)
                .filter(j -> centroid[j] != 0)
                .map(j -> TopUnit.newBuilder().setUnitIndex(j).setUnitLabel(space == null ? null : space.label(j))
                        .setAttribution(centroid[j]).build())
                .toList();
    }

    /** The scope's decayed total mass (sum of decayed P_n). */
    private static double totalMass(ScopeState s) {
        return s.totalMass();
    }

    /** Events are counted, not timed, in the core; interpolate a time for an event index from the scope's clock. */
    private static long estimateTime(ScopeClock clock, long events, long atEvent, long now) {
        if (clock.firstTimestamp < 0 || events <= 1) {
            return now;
        }
        double perEvent = (double) (now - clock.firstTimestamp) / (events - 1);
        return Math.min(now, clock.firstTimestamp + Math.round(perEvent * Math.max(0, atEvent - 1)));
    }
}
