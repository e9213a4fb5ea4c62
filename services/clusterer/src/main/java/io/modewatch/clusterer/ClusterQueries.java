package io.modewatch.clusterer;

import io.modewatch.clustering.Distances;
import io.modewatch.clustering.metrics.ClassicalScaling;
import io.modewatch.clustering.online.OnlineComponent;
import io.modewatch.clustering.online.ScopeState;
import io.modewatch.clustering.online.ScopeStateCodec;
import io.modewatch.common.serde.AvroJson;
import io.modewatch.common.serde.InternalAvroSerde;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.ModeAlert;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers queries from this instance's own stores (the HTTP layer routes a scope's queries to the
 * instance that owns it). Everything is read from the stores, so the answer reflects the last
 * processed event of the scope.
 */
final class ClusterQueries {

    /** Components of a scope up to which /clusters places them on the 2-D maps. */
    static final int MAP_LIMIT = 400;

    private final KafkaStreams streams;
    private final OutputRecords outputs;
    private final InternalAvroSerde<ModeAlert> alerts = new InternalAvroSerde<>(ModeAlert.class);
    private final InternalAvroSerde<ClusterDriftEvent> drift = new InternalAvroSerde<>(ClusterDriftEvent.class);

    ClusterQueries(KafkaStreams streams, OutputRecords outputs) {
        this.streams = streams;
        this.outputs = outputs;
    }

    private ReadOnlyKeyValueStore<String, byte[]> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore()));
    }

    List<String> localScopes() {
        TreeSet<String> scopes = new TreeSet<>();
        try (var it = store(StoreNames.SCOPE_STATE).all()) {
            it.forEachRemaining(kv -> scopes.add(StoreNames.scopeOf(kv.key)));
        }
        return List.copyOf(scopes);
    }

    /** Whether this instance holds the scope (it has seen at least one of its continuations). */
    boolean knows(String scope) {
        return store(StoreNames.SCOPE_STATE).get(StoreNames.key(scope, ScopeStateRepository.HEADER)) != null;
    }

    Optional<Map<String, Object>> clusters(String scope) {
        var state = store(StoreNames.SCOPE_STATE);
        byte[] header = state.get(StoreNames.key(scope, ScopeStateRepository.HEADER));
        if (header == null) {
            return Optional.empty();
        }
        Map<Integer, byte[]> comps = ScopeStateRepository.scanById(store(StoreNames.COMPONENTS), scope);
        var members = ScopeStateRepository.scanMembers(store(StoreNames.MEMBERS), scope);
        ScopeState s = ScopeStateRepository.snapshot(state, header, comps, members, scope);
        String signatureSpaceId = ScopeStateRepository.clock(state, scope).signatureSpaceId();
        List<OnlineComponent> all = s.components();
        // Classical scaling is O(K^3) per view: past MAP_LIMIT components (far above the default cap of
        // 64) the maps are left out rather than holding up the query.
        boolean mapped = all.size() <= MAP_LIMIT;
        double[][] semanticMap = mapped ? ClassicalScaling.toPlane(distances(all, true)) : null;
        double[][] signatureMap = mapped ? ClassicalScaling.toPlane(distances(all, false)) : null;
        List<Map<String, Object>> clusters = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            OnlineComponent c = all.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("share", s.share(c.id()));
            m.put("count", c.assigned());
            m.put("born_at_event", c.bornAt());
            m.put("origin", c.origin().name());
            m.put("parent_id", c.parentId() < 0 ? null : c.parentId());
            m.put("lineage", Arrays.stream(c.lineage()).boxed().toList());
            m.put("var_semantic", c.varE());
            m.put("var_signature", c.varA());
            m.put("exemplars", AvroJson.toPlain(outputs.exemplars(c)));
            m.put("top_units", AvroJson.toPlain(outputs.topUnits(c.signatureCentroid(), signatureSpaceId)));
            m.put("nearest_semantic", nearest(c, all, true));
            m.put("nearest_mechanistic", nearest(c, all, false));
            m.put("map_semantic", mapped ? List.of(semanticMap[i][0], semanticMap[i][1]) : null);
            m.put("map_signature", mapped ? List.of(signatureMap[i][0], signatureMap[i][1]) : null);
            clusters.add(m);
        }
        clusters.sort(Comparator.comparingDouble(m -> -(double) m.get("share")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", scope);
        out.put("events", s.events());
        out.put("bootstrapped", s.bootstrapped());
        out.put("k", s.k());
        out.put("signature_space_id", signatureSpaceId);
        out.put("clusters", clusters);
        return Optional.of(out);
    }

    /**
     * Each view's distance between component centroids for its map: Euclidean between embeddings
     * (the square root of the view's distortion, so the map is not stretched), L1 between signatures.
     */
    private static double[][] distances(List<OnlineComponent> all, boolean semantic) {
        double[][] d = new double[all.size()][all.size()];
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                double distortion = viewDistance(all.get(i), all.get(j), semantic);
                d[i][j] = d[j][i] = semantic ? Math.sqrt(distortion) : distortion;
            }
        }
        return d;
    }

    /** The view's distortion between two centroids: squared L2 between embeddings, L1 between signatures. */
    private static double viewDistance(OnlineComponent a, OnlineComponent b, boolean semantic) {
        return semantic ? Distances.squaredL2(a.semanticCentroid(), b.semanticCentroid())
                : Distances.l1(a.signatureCentroid(), b.signatureCentroid());
    }

    private static Map<String, Object> nearest(OnlineComponent c, List<OnlineComponent> all, boolean semantic) {
        OnlineComponent best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (OnlineComponent o : all) {
            if (o == c) {
                continue;
            }
            double d = viewDistance(c, o, semantic);
            if (d < bestDistance) {
                bestDistance = d;
                best = o;
            }
        }
        if (best == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", best.id());
        m.put("distance", bestDistance);
        return m;
    }


    List<Object> alerts(String scope) {
        List<Object> out = new ArrayList<>();
        try (var it = store(StoreNames.ALERTS).prefixScan(StoreNames.prefix(scope), new StringSerializer())) {
            it.forEachRemaining(kv -> out.add(AvroJson.toPlain(alerts.deserializer().deserialize(null, kv.value))));
        }
        return out;
    }

    List<Object> drift(String scope) {
        List<Object> out = new ArrayList<>();
        try (var it = store(StoreNames.DRIFT).prefixScan(StoreNames.prefix(scope), new StringSerializer())) {
            it.forEachRemaining(kv -> out.add(AvroJson.toPlain(drift.deserializer().deserialize(null, kv.value))));
        }
        return out;
    }
}
