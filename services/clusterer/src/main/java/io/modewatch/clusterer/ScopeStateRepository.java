package io.modewatch.clusterer;

import io.modewatch.clustering.detect.DetectionResult;
import io.modewatch.clustering.detect.DetectorState;
import io.modewatch.clustering.detect.DetectorStateCodec;
import io.modewatch.clustering.online.Assignment;
import io.modewatch.clustering.online.Member;
import io.modewatch.clustering.online.OnlineComponent;
import io.modewatch.clustering.online.OnlineRdClusterer;
import io.modewatch.clustering.online.ScopeState;
import io.modewatch.clustering.online.ScopeStateCodec;
import io.modewatch.clustering.online.ScopeStateCodec.MemberKey;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Loads a scope's state from the RocksDB stores once, keeps it decoded in memory while this task
 * owns the scope, and writes back after each event only the entries that event changed. An
 * ordinary event rewrites the scope header, the core of the component it joined (about 6 KB at
 * 384 + 2048 dimensions), adds its own member entry and deletes the member it evicted; a
 * maintenance pass (every MODEWATCH_MAINTENANCE_INTERVAL events) or a structural change rewrites
 * every core and reconciles the members. Decoding every component per event would cost more than
 * the clustering itself.
 *
 * <p>The cache lives and dies with the processor: when Streams closes a task (rebalance, aborted
 * transaction) it builds a new processor, which reloads from the stores, which the changelog
 * restored to the last committed event.
 */
final class ScopeStateRepository {

    static final String HEADER = "header";
    private static final String BUFFER = "buffer";
    private static final String BOOTSTRAP = "bootstrap";
    private static final String DETECTOR = "detector";
    private static final String CLOCK = "clock";

    /** One scope, decoded, and which entries the stores hold for it. */
    static final class LoadedScope {
        final String scope;
        final ScopeState clustering;
        final DetectorState detector;
        final ScopeClock clock;
        final Set<Integer> storedComponents;
        /**
         * Per owner (a component, or the buffer), the member events the store holds, in the owner's
         * order when {@code ordered} says so: an ordinary event then needs only an append and a trim
         * at the front, instead of comparing the whole reservoir with the store.
         */
        final Map<Integer, ArrayDeque<Long>> storedMembers;
        final Set<Integer> ordered = new HashSet<>();
        final Set<Integer> storedReferences;
        long revision;
        long referenceTakenAt;
        boolean bootstrapped;

        LoadedScope(String scope, ScopeState clustering, DetectorState detector, ScopeClock clock,
                    Set<Integer> storedComponents, Map<Integer, ArrayDeque<Long>> storedMembers, Set<Integer> storedReferences) {
            this.scope = scope;
            this.clustering = clustering;
            this.detector = detector;
            this.clock = clock;
            this.storedComponents = storedComponents;
            this.storedMembers = storedMembers;
            this.storedReferences = storedReferences;
            this.revision = detector.revision();
            this.referenceTakenAt = detector.referenceTakenAt();
            this.bootstrapped = clustering.bootstrapped();
        }
    }

    private final KeyValueStore<String, byte[]> state;
    private final KeyValueStore<String, byte[]> components;
    private final KeyValueStore<String, byte[]> members;
    private final KeyValueStore<String, byte[]> references;
    private final OnlineRdClusterer clusterer;
    private final Map<String, LoadedScope> cache = new HashMap<>();

    ScopeStateRepository(KeyValueStore<String, byte[]> state, KeyValueStore<String, byte[]> components,
                         KeyValueStore<String, byte[]> members, KeyValueStore<String, byte[]> references,
                         OnlineRdClusterer clusterer) {
        this.state = state;
        this.components = components;
        this.members = members;
        this.references = references;
        this.clusterer = clusterer;
    }

    LoadedScope get(String scope) {
        return cache.computeIfAbsent(scope, this::load);
    }

    /** Forgets the decoded copy (after a failure mid-update), so the next event reloads the stored state. */
    void evict(String scope) {
        cache.remove(scope);
    }

    private LoadedScope load(String scope) {
        byte[] header = state.get(StoreNames.key(scope, HEADER));
        ScopeClock clock = clock(state, scope);
        if (header == null) {
            return new LoadedScope(scope, clusterer.newScope(scope), new DetectorState(), clock, new HashSet<>(),
                    new HashMap<>(), new HashSet<>());
        }
        Map<Integer, byte[]> cores = scanById(components, scope);
        Map<Integer, byte[]> refs = scanById(references, scope);
        Map<MemberKey, byte[]> stored = scanMembers(members, scope);
        ScopeState clustering = decode(state, header, cores, stored, scope);
        DetectorState detector = DetectorStateCodec.decode(new DetectorStateCodec.Encoded(
                state.get(StoreNames.key(scope, DETECTOR)), refs));
        Map<Integer, ArrayDeque<Long>> memberIndex = new HashMap<>();
        stored.keySet().forEach(k -> memberIndex.computeIfAbsent(k.owner(), o -> new ArrayDeque<>()).add(k.event()));
        LoadedScope loaded = new LoadedScope(scope, clustering, detector, clock, new HashSet<>(cores.keySet()), memberIndex,
                new HashSet<>(refs.keySet()));
        // The scan returns members in key order; where they are exactly an owner's members, take the owner's order.
        for (OnlineComponent component : clustering.components()) {
            adoptOrder(loaded, component.id(), component.reservoir());
        }
        adoptOrder(loaded, ScopeStateCodec.BUFFER_OWNER, clustering.bufferMembers());
        return loaded;
    }

    private static void adoptOrder(LoadedScope s, int owner, List<Member> current) {
        ArrayDeque<Long> stored = s.storedMembers.get(owner);
        if (stored == null || stored.size() != current.size()) {
            return;
        }
        Set<Long> events = new HashSet<>(stored);
        ArrayDeque<Long> inOrder = new ArrayDeque<>(current.size());
        for (Member m : current) {
            if (!events.contains(m.event())) {
                return;
            }
            inOrder.addLast(m.event());
        }
        s.storedMembers.put(owner, inOrder);
        s.ordered.add(owner);
    }

    /** The scope's clock as stored (a fresh one for a scope not seen yet). */
    static ScopeClock clock(ReadOnlyKeyValueStore<String, byte[]> state, String scope) {
        return ScopeClock.decode(state.get(StoreNames.key(scope, CLOCK)));
    }

    /** The scope's clustering state as stored, to continue from. */
    static ScopeState decode(ReadOnlyKeyValueStore<String, byte[]> state, byte[] header, Map<Integer, byte[]> cores,
                             Map<MemberKey, byte[]> members, String scope) {
        return ScopeStateCodec.decode(header, cores, state.get(StoreNames.key(scope, BUFFER)), bootstrap(state, scope), members);
    }

    /**
     * The scope's clustering as an interactive query sees it: the stream thread keeps writing while
     * the query reads the stores entry by entry, so an entry another one lists may already be gone
     * (or not yet there); such entries are left out of the view (ScopeStateCodec#decodeSnapshot).
     */
    static ScopeState snapshot(ReadOnlyKeyValueStore<String, byte[]> state, byte[] header, Map<Integer, byte[]> cores,
                               Map<MemberKey, byte[]> members, String scope) {
        return ScopeStateCodec.decodeSnapshot(header, cores, state.get(StoreNames.key(scope, BUFFER)), bootstrap(state, scope),
                members);
    }

    private static byte[] bootstrap(ReadOnlyKeyValueStore<String, byte[]> state, String scope) {
        List<byte[]> bootstrapEntries = new java.util.ArrayList<>();
        try (var it = state.prefixScan(StoreNames.key(scope, BOOTSTRAP + ":"), new StringSerializer())) {
            // Zero-padded indices: the scan returns them in arrival order.
            it.forEachRemaining(kv -> bootstrapEntries.add(kv.value));
        }
        return ScopeStateCodec.bootstrap(bootstrapEntries);
    }

    static Map<Integer, byte[]> scanById(ReadOnlyKeyValueStore<String, byte[]> store, String scope) {
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        try (var it = store.prefixScan(StoreNames.prefix(scope), new StringSerializer())) {
            it.forEachRemaining(kv -> out.put(Integer.parseInt(kv.key.substring(kv.key.indexOf(StoreNames.SEPARATOR) + 1)),
                    kv.value));
        }
        return out;
    }

    static Map<MemberKey, byte[]> scanMembers(ReadOnlyKeyValueStore<String, byte[]> members, String scope) {
        Map<MemberKey, byte[]> out = new HashMap<>();
        try (var it = members.prefixScan(StoreNames.prefix(scope), new StringSerializer())) {
            it.forEachRemaining(kv -> out.put(memberKey(kv.key), kv.value));
        }
        return out;
    }

    private static String memberKey(String scope, int owner, long event) {
        return StoreNames.key(scope, owner + ":" + event);
    }

    private static MemberKey memberKey(String key) {
        String rest = key.substring(key.indexOf(StoreNames.SEPARATOR) + 1);
        int colon = rest.indexOf(':');
        return new MemberKey(Integer.parseInt(rest.substring(0, colon)), Long.parseLong(rest.substring(colon + 1)));
    }

    private static String bootstrapKey(String scope, int index) {
        return StoreNames.key(scope, String.format("%s:%010d", BOOTSTRAP, index));
    }

    /** Writes what the event changed. */
    void persist(LoadedScope s, DetectionResult result) {
        String scope = s.scope;
        ScopeState c = s.clustering;
        Assignment a = result.assignment();
        boolean justBootstrapped = !s.bootstrapped && c.bootstrapped();
        boolean maintained = c.bootstrapped() && c.events() % clusterer.settings().maintenanceInterval() == 0;
        boolean structural = !a.changes().isEmpty() || justBootstrapped || maintained;

        state.put(StoreNames.key(scope, HEADER), ScopeStateCodec.header(c));
        state.put(StoreNames.key(scope, CLOCK), s.clock.encode());
        if (!c.bootstrapped()) {
            // One entry per buffered event: together they can exceed a Kafka record.
            var buffered = c.bootstrapObservations();
            int index = buffered.size() - 1;
            state.put(bootstrapKey(scope, index), ScopeStateCodec.bootstrapObservation(buffered.get(index)));
        } else if (justBootstrapped) {
            for (int i = 0; i < clusterer.settings().bootstrapEvents(); i++) {
                state.delete(bootstrapKey(scope, i));
            }
        }
        if (structural) {
            writeAllComponents(s);
        } else if (a.componentId() != Assignment.PENDING) {
            OnlineComponent joined = c.component(a.componentId());
            components.put(StoreNames.key(scope, joined.id()), ScopeStateCodec.componentCore(joined));
            appendMember(s, joined.id(), joined.newestMember(), joined.oldestMember(), joined.reservoirSize(), joined::reservoir);
        }
        if (structural) {
            state.put(StoreNames.key(scope, BUFFER), ScopeStateCodec.bufferIndex(c));
            reconcileMembers(s, ScopeStateCodec.BUFFER_OWNER, c.bufferMembers());
        } else if (a.poorlyExplained()) {
            state.put(StoreNames.key(scope, BUFFER), ScopeStateCodec.bufferIndex(c));
            appendMember(s, ScopeStateCodec.BUFFER_OWNER, c.newestBuffered(), c.oldestBuffered(), c.bufferSize(), c::bufferMembers);
        }
        state.put(StoreNames.key(scope, DETECTOR), DetectorStateCodec.header(s.detector));
        if (s.detector.revision() != s.revision) {
            // Reference modes, family offsets and sample chunks never change once written, except when
            // the reference is taken again; so only new entries are written (the sample alone is ~2 MB).
            boolean retaken = s.detector.referenceTakenAt() != s.referenceTakenAt;
            DetectorStateCodec.Encoded detector = DetectorStateCodec.encode(s.detector);
            for (Integer old : s.storedReferences) {
                if (!detector.references().containsKey(old)) {
                    references.delete(StoreNames.key(scope, old));
                }
            }
            detector.references().forEach((id, bytes) -> {
                if (retaken || !s.storedReferences.contains(id)) {
                    references.put(StoreNames.key(scope, id), bytes);
                }
            });
            s.storedReferences.clear();
            s.storedReferences.addAll(detector.references().keySet());
            s.revision = s.detector.revision();
            s.referenceTakenAt = s.detector.referenceTakenAt();
        }
        s.bootstrapped = c.bootstrapped();
    }

    private void writeAllComponents(LoadedScope s) {
        Set<Integer> live = new HashSet<>();
        for (OnlineComponent component : s.clustering.components()) {
            live.add(component.id());
            components.put(StoreNames.key(s.scope, component.id()), ScopeStateCodec.componentCore(component));
            reconcileMembers(s, component.id(), component.reservoir());
        }
        for (Integer id : s.storedComponents) {
            if (!live.contains(id)) {
                components.delete(StoreNames.key(s.scope, id));
                reconcileMembers(s, id, List.of());
            }
        }
        s.storedComponents.clear();
        s.storedComponents.addAll(live);
    }

    /**
     * An ordinary event adds one member at the end of an owner and may drop its oldest: write the
     * new one, delete the dropped ones. Falls back to the full comparison when the stored order is
     * not known or the result does not match the owner (first and last member, and size).
     */
    private void appendMember(LoadedScope s, int owner, Member newest, Member oldest, int size,
                              Supplier<List<Member>> current) {
        ArrayDeque<Long> stored = s.storedMembers.get(owner);
        if (stored == null || !s.ordered.contains(owner) || newest == null) {
            reconcileMembers(s, owner, current.get());
            return;
        }
        if (stored.isEmpty() || stored.peekLast() != newest.event()) {
            members.put(memberKey(s.scope, owner, newest.event()), ScopeStateCodec.member(newest));
            stored.addLast(newest.event());
        }
        while (stored.size() > size) {
            members.delete(memberKey(s.scope, owner, stored.removeFirst()));
        }
        if (stored.size() != size || size > 0 && stored.peekFirst() != oldest.event()) {
            reconcileMembers(s, owner, current.get());
        }
    }

    /** Members never change once written: add the new ones, delete the evicted ones; remembers the owner's order. */
    private void reconcileMembers(LoadedScope s, int owner, List<Member> current) {
        ArrayDeque<Long> previous = s.storedMembers.get(owner);
        Set<Long> stored = previous == null ? Set.of() : new HashSet<>(previous);
        Set<Long> now = new HashSet<>();
        ArrayDeque<Long> inOrder = new ArrayDeque<>(current.size());
        for (Member m : current) {
            now.add(m.event());
            inOrder.addLast(m.event());
            if (!stored.contains(m.event())) {
                members.put(memberKey(s.scope, owner, m.event()), ScopeStateCodec.member(m));
            }
        }
        for (Long event : stored) {
            if (!now.contains(event)) {
                members.delete(memberKey(s.scope, owner, event));
            }
        }
        if (inOrder.isEmpty()) {
            s.storedMembers.remove(owner);
            s.ordered.remove(owner);
        } else {
            s.storedMembers.put(owner, inOrder);
            s.ordered.add(owner);
        }
    }
}
