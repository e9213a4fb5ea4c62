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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Loads a scope's state from the RocksDB stores once, keeps it decoded in memory while this task
 * owns the scope, and writes back, once per commit, only the entries the events since the last
 * commit changed: the scope header, the cores of the components that took members (about 6 KB
 * each at 384 + 2048 dimensions), the members added and dropped, and the history entries; a
 * maintenance pass (every MODEWATCH_MAINTENANCE_INTERVAL events) or a structural change rewrites
 * every core. Encoding a component per event cost a quarter of the stream thread at 5,000 events/s;
 * per commit (300 ms) it is written once.
 *
 * <p>Writing behind is safe under exactly-once because {@link #flushAll} runs before Streams
 * flushes the stores for a commit ({@link io.modewatch.common.streams.WriteBehindStore}); an aborted
 * transaction discards the unwritten changes with this cache. The cache lives and dies with the
 * processor: when Streams closes a task (rebalance, aborted transaction) it builds a new processor,
 * which reloads from the stores, which the changelog restored to the last committed event.
 *
 * <p>Each scope keeps the events applied since its last write, so that an event on which the core
 * fails (leaving the decoded copy half-updated) costs only itself: the scope is reloaded and the
 * events before it applied again ({@link #recover}).
 */
final class ScopeStateRepository {

    static final String HEADER = "header";
    private static final String BUFFER = "buffer";
    private static final String BOOTSTRAP = "bootstrap";
    private static final String DETECTOR = "detector";
    private static final String CLOCK = "clock";
    /**
     * Events applied but not yet written, over all scopes of the task, past which they are written
     * without waiting for the commit: bounds the memory the replay log holds (about 5 KB an event)
     * when the commit interval is long.
     */
    static final int MAX_UNWRITTEN_EVENTS = 2_000;

    /** One scope, decoded, which entries the stores hold for it, and what changed since they were written. */
    static final class LoadedScope {
        final String scope;
        final ScopeState clustering;
        final DetectorState detector;
        final ScopeClock clock;
        final Set<Integer> storedComponents;
        /** Per owner (a component, or the buffer), the member events the store holds. */
        final Map<Integer, Set<Long>> storedMembers;
        final Set<Integer> storedReferences;
        long revision;
        long referenceTakenAt;
        boolean bootstrapped;
        /** Bootstrap observations the store holds (entries 0 .. n-1). */
        int storedBootstrap;
        /** The events applied since the stores were last written, in order. */
        final List<JoinedContinuation> unwritten = new ArrayList<>();
        boolean structural;
        final Set<Integer> changedComponents = new HashSet<>();
        boolean bufferChanged;
        final List<HistoryEntry> history = new ArrayList<>();

        LoadedScope(String scope, ScopeState clustering, DetectorState detector, ScopeClock clock,
                    Set<Integer> storedComponents, Map<Integer, Set<Long>> storedMembers, Set<Integer> storedReferences) {
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
            this.storedBootstrap = clustering.bootstrapSize();
        }
    }

    /** An alert or drift event to keep in its per-scope history, dropping the entry {@code keep} before it. */
    record HistoryEntry(KeyValueStore<String, byte[]> store, long seq, byte[] value, int keep) {
    }

    private final KeyValueStore<String, byte[]> state;
    private final KeyValueStore<String, byte[]> components;
    private final KeyValueStore<String, byte[]> members;
    private final KeyValueStore<String, byte[]> references;
    private final OnlineRdClusterer clusterer;
    private final Map<String, LoadedScope> cache = new HashMap<>();
    /** The scopes with changes not written yet, in the order they first changed (a deterministic write order). */
    private final Set<LoadedScope> dirty = new LinkedHashSet<>();
    private int unwrittenEvents;

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

    /**
     * After {@code apply} failed on an event of {@code scope}: reloads the scope from the stores and
     * applies again the events it had taken since they were written, so that only the failed event
     * is lost. Returns false when applying them again fails too (the scope is then back at its last
     * write, and those events are lost with it).
     */
    boolean recover(String scope, BiConsumer<LoadedScope, JoinedContinuation> apply) {
        LoadedScope failed = cache.remove(scope);
        List<JoinedContinuation> again = failed == null ? List.of() : List.copyOf(failed.unwritten);
        unwrittenEvents -= again.size();
        LoadedScope fresh = get(scope);
        try {
            again.forEach(c -> apply.accept(fresh, c));
            return true;
        } catch (RuntimeException e) {
            cache.remove(scope);
            unwrittenEvents -= fresh.unwritten.size();
            return false;
        }
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
        Map<Integer, Set<Long>> memberIndex = new HashMap<>();
        stored.keySet().forEach(k -> memberIndex.computeIfAbsent(k.owner(), o -> new HashSet<>()).add(k.event()));
        return new LoadedScope(scope, clustering, detector, clock, new HashSet<>(cores.keySet()), memberIndex,
                new HashSet<>(refs.keySet()));
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

    /**
     * Notes what an event changed (written by the next {@link #flushAll}) and keeps the event for
     * {@link #recover}; writes everything at once when too many events wait.
     */
    void changed(LoadedScope s, DetectionResult result, JoinedContinuation event) {
        ScopeState c = s.clustering;
        Assignment a = result.assignment();
        boolean justBootstrapped = !s.bootstrapped && c.bootstrapped();
        boolean maintained = c.bootstrapped() && c.events() % clusterer.settings().maintenanceInterval() == 0;
        s.structural |= !a.changes().isEmpty() || justBootstrapped || maintained;
        if (a.componentId() != Assignment.PENDING) {
            s.changedComponents.add(a.componentId());
        }
        s.bufferChanged |= a.poorlyExplained();
        s.bootstrapped = c.bootstrapped();
        s.unwritten.add(event);
        dirty.add(s);
        if (++unwrittenEvents >= MAX_UNWRITTEN_EVENTS) {
            flushAll();
        }
    }

    /** Keeps an alert or drift event in the scope's history (written with the rest). */
    void remember(LoadedScope s, KeyValueStore<String, byte[]> store, long seq, byte[] value, int keep) {
        s.history.add(new HistoryEntry(store, seq, value, keep));
    }

    /** Writes every change not written yet: before each commit, and when too many events wait. */
    void flushAll() {
        for (LoadedScope s : dirty) {
            if (cache.get(s.scope) == s) {
                write(s);
            }
        }
        dirty.clear();
        unwrittenEvents = 0;
    }

    private void write(LoadedScope s) {
        String scope = s.scope;
        ScopeState c = s.clustering;
        state.put(StoreNames.key(scope, HEADER), ScopeStateCodec.header(c));
        state.put(StoreNames.key(scope, CLOCK), s.clock.encode());
        if (!c.bootstrapped()) {
            // One entry per buffered event: together they can exceed a Kafka record.
            var buffered = c.bootstrapObservations();
            for (int i = s.storedBootstrap; i < buffered.size(); i++) {
                state.put(bootstrapKey(scope, i), ScopeStateCodec.bootstrapObservation(buffered.get(i)));
            }
            s.storedBootstrap = buffered.size();
        } else {
            for (int i = 0; i < s.storedBootstrap; i++) {
                state.delete(bootstrapKey(scope, i));
            }
            s.storedBootstrap = 0;
        }
        if (s.structural) {
            writeAllComponents(s);
        } else {
            for (int id : s.changedComponents) {
                OnlineComponent joined = c.component(id);
                if (joined != null) {
                    components.put(StoreNames.key(scope, id), ScopeStateCodec.componentCore(joined));
                    reconcileMembers(s, id, joined.reservoir());
                }
            }
        }
        if (s.structural || s.bufferChanged) {
            state.put(StoreNames.key(scope, BUFFER), ScopeStateCodec.bufferIndex(c));
            reconcileMembers(s, ScopeStateCodec.BUFFER_OWNER, c.bufferMembers());
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
        for (HistoryEntry h : s.history) {
            h.store().put(StoreNames.key(scope, h.seq()), h.value());
            if (h.seq() > h.keep()) {
                h.store().delete(StoreNames.key(scope, h.seq() - h.keep()));
            }
        }
        s.history.clear();
        s.structural = false;
        s.changedComponents.clear();
        s.bufferChanged = false;
        s.unwritten.clear();
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

    /** Members never change once written: add the new ones, delete the evicted ones. */
    private void reconcileMembers(LoadedScope s, int owner, List<Member> current) {
        Set<Long> stored = s.storedMembers.getOrDefault(owner, Set.of());
        Set<Long> now = new HashSet<>(current.size() * 2);
        for (Member m : current) {
            now.add(m.event());
            if (!stored.contains(m.event())) {
                members.put(memberKey(s.scope, owner, m.event()), ScopeStateCodec.member(m));
            }
        }
        for (Long event : stored) {
            if (!now.contains(event)) {
                members.delete(memberKey(s.scope, owner, event));
            }
        }
        if (now.isEmpty()) {
            s.storedMembers.remove(owner);
        } else {
            s.storedMembers.put(owner, now);
        }
    }
}
