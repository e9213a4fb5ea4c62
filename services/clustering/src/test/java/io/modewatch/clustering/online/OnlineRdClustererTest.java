package io.modewatch.clustering.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.batch.BatchRdClusterer;
import io.modewatch.clustering.bench.SyntheticWorld;
import io.modewatch.clustering.metrics.AdjustedRandIndex;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnlineRdClustererTest {

    private static final RdParameters P = new RdParameters(5, 0.8);
    private static final SyntheticWorld WORLD = new SyntheticWorld(64, 512, 48, 7);

    private static OnlineRdClusterer clusterer() {
        return new OnlineRdClusterer(OnlineSettings.defaults(P).withBootstrapEvents(300));
    }

    @Test
    void onAStationaryStreamTheOnlineClusteringAgreesWithTheBatchOne() {
        List<SyntheticWorld.Labelled> points = WORLD.mixture(SyntheticWorld.stationaryModes(), SyntheticWorld.stationaryShares(), 1200, 5);
        int[] batch = new BatchRdClusterer(P, 42).cluster(SyntheticWorld.pointSet(points)).assignment();
        OnlineRdClusterer online = clusterer();
        ScopeState state = online.newScope("stationary");
        for (SyntheticWorld.Labelled p : points) {
            online.observe(state, p.observation());
        }
        int[] predicted = points.stream().mapToInt(p -> online.predict(state, p.observation())).toArray();
        assertThat(AdjustedRandIndex.of(predicted, batch)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void aRestoredStateIsBitExactAndContinuesExactlyAsTheOriginal() {
        List<SyntheticWorld.Labelled> points = WORLD.mixture(SyntheticWorld.stationaryModes(), SyntheticWorld.stationaryShares(), 1500, 9);
        OnlineRdClusterer online = clusterer();
        ScopeState original = online.newScope("restore");
        for (SyntheticWorld.Labelled p : points.subList(0, 1000)) {
            online.observe(original, p.observation());
        }
        ScopeStateCodec.Encoded encoded = ScopeStateCodec.encode(original);
        ScopeState restored = ScopeStateCodec.decode(encoded);
        assertSameBytes(ScopeStateCodec.encode(restored), encoded);
        ScopeStateCodec.Encoded separate = ScopeStateCodec.encodeWithSeparateMembers(original);
        assertSameBytes(ScopeStateCodec.encode(ScopeStateCodec.decode(separate)), encoded);
        for (SyntheticWorld.Labelled p : points.subList(1000, 1500)) {
            Assignment a = online.observe(original, p.observation());
            Assignment b = online.observe(restored, p.observation());
            assertThat(b).usingRecursiveComparison().isEqualTo(a);
        }
        assertSameBytes(ScopeStateCodec.encode(restored), ScopeStateCodec.encode(original));
    }

    @Test
    void theSameEventsInTheSameOrderGiveTheSameStateForTheSameSeed() {
        List<SyntheticWorld.Labelled> points = WORLD.mixture(SyntheticWorld.stationaryModes(), SyntheticWorld.stationaryShares(), 900, 13);
        OnlineRdClusterer online = clusterer();
        ScopeState a = online.newScope("replay");
        ScopeState b = online.newScope("replay");
        for (SyntheticWorld.Labelled p : points) {
            online.observe(a, p.observation());
            online.observe(b, p.observation());
        }
        assertSameBytes(ScopeStateCodec.encode(a), ScopeStateCodec.encode(b));
        assertThat(a.seed()).isEqualTo(ScopeState.seedFor("replay"));
    }

    @Test
    void eventsBeforeTheBootstrapArePendingAndTheBootstrapFindsTheModes() {
        List<SyntheticWorld.Labelled> points = WORLD.mixture(SyntheticWorld.stationaryModes(), SyntheticWorld.stationaryShares(), 300, 17);
        OnlineRdClusterer online = clusterer();
        ScopeState state = online.newScope("boot");
        for (int i = 0; i < 299; i++) {
            assertThat(online.observe(state, points.get(i).observation()).componentId()).isEqualTo(Assignment.PENDING);
        }
        assertThat(online.observe(state, points.get(299).observation()).componentId()).isNotEqualTo(Assignment.PENDING);
        assertThat(state.k()).isEqualTo(5);
    }

    @Test
    void withSeparateMembersAnOrdinaryEventRewritesOnlyTheHeaderOneSmallComponentEntryAndOneMember() {
        List<SyntheticWorld.Labelled> points = WORLD.mixture(SyntheticWorld.stationaryModes(), SyntheticWorld.stationaryShares(), 420, 19);
        OnlineRdClusterer online = clusterer();
        ScopeState state = online.newScope("size");
        points.subList(0, 400).forEach(p -> online.observe(state, p.observation()));
        ScopeStateCodec.Encoded before = ScopeStateCodec.encodeWithSeparateMembers(state);
        Assignment a = online.observe(state, points.get(400).observation());
        ScopeStateCodec.Encoded after = ScopeStateCodec.encodeWithSeparateMembers(state);
        assertThat(a.changes()).isEmpty();
        assertThat(after.header().length).isLessThan(2_000);
        for (Map.Entry<Integer, byte[]> e : after.components().entrySet()) {
            assertThat(e.getValue().length).isLessThan(8_000); // 64 semantic doubles, a sparse centroid, 48 event numbers
            if (e.getKey() != a.componentId()) {
                assertThat(e.getValue()).isEqualTo(before.components().get(e.getKey()));
            }
        }
        java.util.Set<ScopeStateCodec.MemberKey> added = new java.util.HashSet<>(after.members().keySet());
        added.removeAll(before.members().keySet());
        assertThat(added).allSatisfy(k -> assertThat(k.event()).isEqualTo(a.event()));
        assertThat(added).contains(new ScopeStateCodec.MemberKey(a.componentId(), a.event()));
    }

    @Test
    void aSnapshotLeavesOutEntriesThatAreListedButGoneWhereARestoreRefusesThem() {
        List<SyntheticWorld.Labelled> points = WORLD.mixture(SyntheticWorld.stationaryModes(), SyntheticWorld.stationaryShares(), 420, 23);
        OnlineRdClusterer online = clusterer();
        ScopeState state = online.newScope("snapshot");
        points.forEach(p -> online.observe(state, p.observation()));
        ScopeStateCodec.Encoded e = ScopeStateCodec.encodeWithSeparateMembers(state);
        OnlineComponent first = state.components().get(0);
        Map<ScopeStateCodec.MemberKey, byte[]> members = new java.util.HashMap<>(e.members());
        members.remove(new ScopeStateCodec.MemberKey(first.id(), first.reservoir().get(0).event()));
        Map<Integer, byte[]> components = new java.util.LinkedHashMap<>(e.components());
        int gone = state.components().get(1).id();
        components.remove(gone);

        assertThatThrownBy(() -> ScopeStateCodec.decode(e.header(), components, e.buffer(), e.bootstrap(), members))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
        ScopeState view = ScopeStateCodec.decodeSnapshot(e.header(), components, e.buffer(), e.bootstrap(), members);
        assertThat(view.k()).isEqualTo(state.k() - 1);
        assertThat(view.component(gone)).isNull();
        assertThat(view.component(first.id()).reservoir()).hasSize(first.reservoir().size() - 1);
    }

    @Test
    void theAssignmentThatSkipsHopelessRatesPicksWhatAPlainScanPicks() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int trial = 0; trial < 20_000; trial++) {
            int k = 1 + random.nextInt(12);
            OnlineComponent[] order = new OnlineComponent[k];
            double[] dE = new double[k];
            double[] dA = new double[k];
            double total = 0;
            for (int c = 0; c < k; c++) {
                order[c] = new OnlineComponent(c + 1, -1, new int[0], Origin.BOOTSTRAP, 0, 1, 1);
                // coarse values so that exact ties between components happen often
                order[c].mass = random.nextInt(4) == 0 ? 0 : random.nextInt(1, 5) * Math.pow(10, random.nextInt(-3, 3));
                total += order[c].mass;
                dE[c] = random.nextInt(6) / 4.0;
                dA[c] = random.nextInt(3) == 0 ? dA[random.nextInt(c + 1)] : random.nextInt(40) / 8.0;
            }
            total = total > 0 ? total : 1;
            double betaE = random.nextInt(1, 9) / 2.0;
            double betaA = random.nextInt(0, 9) / 4.0;
            int plain = 0;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double cost = io.modewatch.clustering.Entropy.rateOf(order[c].mass / total) + betaE * dE[c] + betaA * dA[c];
                if (cost < bestCost) {
                    bestCost = cost;
                    plain = c;
                }
            }
            assertThat(OnlineRdClusterer.cheapestAssignment(order, total, dE, dA, betaE, betaA)).isEqualTo(plain);
        }
    }

    private static void assertSameBytes(ScopeStateCodec.Encoded a, ScopeStateCodec.Encoded b) {
        assertThat(a.header()).isEqualTo(b.header());
        assertThat(a.buffer()).isEqualTo(b.buffer());
        assertThat(a.bootstrap()).isEqualTo(b.bootstrap());
        assertThat(a.members().keySet()).containsExactlyElementsOf(b.members().keySet());
        for (Map.Entry<ScopeStateCodec.MemberKey, byte[]> e : a.members().entrySet()) {
            assertThat(e.getValue()).isEqualTo(b.members().get(e.getKey()));
        }
        assertThat(a.components().keySet()).containsExactlyElementsOf(b.components().keySet());
        for (Map.Entry<Integer, byte[]> e : a.components().entrySet()) {
            assertThat(e.getValue()).isEqualTo(b.components().get(e.getKey()));
        }
    }
}
