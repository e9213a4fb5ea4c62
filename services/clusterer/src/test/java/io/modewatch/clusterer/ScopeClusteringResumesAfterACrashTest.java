package io.modewatch.clusterer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import io.modewatch.clustering.online.ScopeState;
import io.modewatch.clustering.online.ScopeStateCodec;
import io.modewatch.common.streams.WriteBehindStore;
import io.modewatch.clustering.detect.ModeDetector;
import io.modewatch.clustering.online.OnlineRdClusterer;
import org.junit.jupiter.api.Test;

/**
 * A crash under exactly-once leaves the stores as they were after the last committed event (the
 * changelog restores exactly that), and Streams builds a new processor that reloads every scope.
 * Whatever the crash point (during the bootstrap, right after it, between maintenance passes,
 * while a new mode is being confirmed), the resumed processor must emit what an uninterrupted one
 * emits and leave the same bytes in every store. The stores are real RocksDB stores.
 */
class ScopeClusteringResumesAfterACrashTest {

    private static final int SEM = 8;
    private static final int SIG = 16;
    private static final int EVENTS = 1_500;

    private final ClustererConfig config = ClustererTopologyTest.config(Map.of());

    @Test
    void aProcessorRebuiltBeforeEveryEventEmitsWhatAnUninterruptedOneEmits() throws IOException {
        Run reference = run(event -> false);
        assertThat(reference.kinds()).as("the stream exercises bootstrap, alerts and drift")
                .contains("ClusterAssignment", "ModeAlert", "ClusterDriftEvent");
        Run crashing = run(event -> true);
        assertThat(crashing.outputs).isEqualTo(reference.outputs);
        assertThat(crashing.stores).isEqualTo(reference.stores);
    }

    @Test
    void aProcessorRebuiltAtSeededRandomPointsEmitsWhatAnUninterruptedOneEmits() throws IOException {
        Run reference = run(event -> false);
        Random crashes = new Random(5);
        Run crashing = run(event -> crashes.nextInt(25) == 0);
        assertThat(crashing.outputs).isEqualTo(reference.outputs);
        assertThat(crashing.stores).isEqualTo(reference.stores);
    }

    @Test
    void theMembersStoreHoldsExactlyEveryReservoirAndTheBufferAfterEachEvent() throws IOException {
        // Ordinary events write only the member they add and delete the ones they drop; a member
        // left behind or never written would show here as a difference from the decoded state.
        List<String> mismatches = new ArrayList<>();
        run(event -> false, (stores, i) -> {
            if (i % 50 != 49) {
                return;
            }
            for (String scope : List.of("faq", "doors")) {
                byte[] header = stores.get(0).get(StoreNames.key(scope, "header"));
                var members = ScopeStateRepository.scanMembers(stores.get(2), scope);
                ScopeState decoded = ScopeStateRepository.decode(stores.get(0), header,
                        ScopeStateRepository.scanById(stores.get(1), scope), members, scope);
                java.util.Set<ScopeStateCodec.MemberKey> expected = new java.util.HashSet<>();
                decoded.components().forEach(c -> c.reservoir().forEach(m -> expected.add(new ScopeStateCodec.MemberKey(c.id(), m.event()))));
                decoded.bufferMembers().forEach(m -> expected.add(new ScopeStateCodec.MemberKey(ScopeStateCodec.BUFFER_OWNER, m.event())));
                if (!members.keySet().equals(expected)) {
                    mismatches.add("after event " + i + " in " + scope + ": stored " + members.size() + ", expected " + expected.size());
                }
            }
        });
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aCrashBetweenCommitsResumesFromTheLastCommitAndCommitsWhatAnUninterruptedRunCommits() throws IOException {
        // Commits every 1-40 events; a crash discards what the processor emitted and kept since the
        // last commit (the aborted transaction) and the input is read again from there.
        Run reference = run(event -> false);
        Random random = new Random(11);
        Run crashing = runCommitting(event -> random.nextInt(20) == 0, event -> random.nextInt(60) == 0, java.util.Set.of());
        assertThat(crashing.crashes).as("crashes in the run").isGreaterThan(10);
        assertThat(crashing.outputs).isEqualTo(reference.outputs);
        assertThat(crashing.stores).isEqualTo(reference.stores);
    }

    @Test
    void anEventOnWhichTheCoreFailsCostsOnlyItselfNotTheEventsBeforeItSinceTheLastCommit() throws IOException {
        // The core fails after it changed the scope (the worst case) on extra events slipped into the
        // stream between commits: the run must end as the run without them, in outputs and stores.
        Run reference = run(event -> false);
        Run failing = runCommitting(event -> event % 50 == 49, event -> false, java.util.Set.of(30, 444, 445, 720, 1_111));
        assertThat(failing.failures).as("failed events").isEqualTo(5);
        assertThat(failing.outputs).isEqualTo(reference.outputs);
        assertThat(failing.stores).isEqualTo(reference.stores);
    }

    /**
     * The stream with commits where {@code commitAfter} says, a crash where {@code crashAfter} says
     * (outputs since the last commit dropped, input read again from there), and before each event in
     * {@code failBefore} an extra event on which the core throws after changing the state.
     */
    private Run runCommitting(IntPredicate commitAfter, IntPredicate crashAfter, java.util.Set<Integer> failBefore)
            throws IOException {
        Path dir = Files.createTempDirectory("clusterer-commits-");
        MockProcessorContext<String, SpecificRecord> context = context(dir);
        List<KeyValueStore<String, byte[]>> stores = stores(context);
        ModeDetector detector = new ModeDetector(new OnlineRdClusterer(config.online()), config.detection());
        ScopeClusteringProcessor.DetectorStep failOnPoison = (clustering, state, observation) -> {
            var result = detector.observe(clustering, state, observation);
            if (observation.id().startsWith("poison")) {
                throw new IllegalStateException("injected failure on " + observation.id());
            }
            return result;
        };
        try {
            Stream stream = new Stream();
            List<JoinedContinuation> events = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                events.add(stream.next(i));
            }
            List<String> committed = new ArrayList<>();
            List<String> open = new ArrayList<>();
            int crashes = 0;
            int failures = 0;
            int lastCommitted = 0;
            ScopeClusteringProcessor processor = newProcessor(context, failOnPoison);
            java.util.Set<Integer> crashedAt = new java.util.HashSet<>();
            for (int i = 0; i < EVENTS; i++) {
                JoinedContinuation c = events.get(i);
                if (failBefore.contains(i) && !crashedAt.contains(-i - 1)) {
                    crashedAt.add(-i - 1);
                    JoinedContinuation poison = new JoinedContinuation("poison-" + i, c.scope(), c.weight(), c.timestamp(),
                            c.text(), c.semantic(), c.signatureDim(), c.indices(), c.values(), c.modelId(), c.modelVersion(),
                            c.signatureSpaceId(), c.attributes());
                    try {
                        processor.process(new Record<>(poison.scope(), poison, poison.timestamp()));
                    } catch (IllegalStateException expected) {
                        failures++;
                    }
                }
                processor.process(new Record<>(c.scope(), c, c.timestamp()));
                context.forwarded().forEach(f -> open.add(f.record().value().getClass().getSimpleName() + " "
                        + f.record().key() + " " + f.record().value()));
                context.resetForwards();
                if (commitAfter.test(i) || i == EVENTS - 1) {
                    ((WriteBehindStore<?, ?>) stores.get(0)).flushCache();
                    committed.addAll(open);
                    open.clear();
                    lastCommitted = i + 1;
                } else if (crashAfter.test(i) && crashedAt.add(i)) {
                    open.clear();
                    crashes++;
                    processor = newProcessor(context, failOnPoison);
                    i = lastCommitted - 1;
                }
            }
            Run run = new Run(committed, contents(stores));
            return new Run(run.outputs, run.stores, crashes, failures);
        } finally {
            stores.forEach(KeyValueStore::close);
        }
    }

    private ScopeClusteringProcessor newProcessor(MockProcessorContext<String, SpecificRecord> context,
                                                  ScopeClusteringProcessor.DetectorStep step) {
        ScopeClusteringProcessor processor = new ScopeClusteringProcessor(config,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), step);
        processor.init(context);
        return processor;
    }

    /** What one run left: every forwarded record in order and every store entry. */
    private record Run(List<String> outputs, Map<String, String> stores, int crashes, int failures) {
        Run(List<String> outputs, Map<String, String> stores) {
            this(outputs, stores, 0, 0);
        }

        List<String> kinds() {
            return outputs.stream().map(o -> o.substring(0, o.indexOf(' '))).distinct().toList();
        }
    }

    /** Feeds the same two-scope stream, rebuilding the processor (a crash and restore) before each event {@code crashBefore} picks. */
    private Run run(IntPredicate crashBefore) throws IOException {
        return run(crashBefore, (stores, i) -> { });
    }

    /** As above, calling {@code afterEvent} with the stores after each event. */
    private Run run(IntPredicate crashBefore, java.util.function.ObjIntConsumer<List<KeyValueStore<String, byte[]>>> afterEvent)
            throws IOException {
        Path dir = Files.createTempDirectory("clusterer-crash-");
        MockProcessorContext<String, SpecificRecord> context = context(dir);
        List<KeyValueStore<String, byte[]>> stores = stores(context);
        try {
            Stream stream = new Stream();
            List<String> outputs = new ArrayList<>();
            ScopeClusteringProcessor processor = null;
            for (int i = 0; i < EVENTS; i++) {
                if (processor == null || crashBefore.test(i)) {
                    processor = new ScopeClusteringProcessor(config);
                    processor.init(context);
                }
                JoinedContinuation c = stream.next(i);
                processor.process(new Record<>(c.scope(), c, c.timestamp()));
                // Streams commits (as TopologyTestDriver does after every record): the processor writes what it kept back.
                ((WriteBehindStore<?, ?>) stores.get(0)).flushCache();
                for (var forwarded : context.forwarded()) {
                    SpecificRecord value = forwarded.record().value();
                    outputs.add(value.getClass().getSimpleName() + " " + forwarded.record().key() + " " + value);
                }
                context.resetForwards();
                afterEvent.accept(stores, i);
            }
            return new Run(outputs, contents(stores));
        } finally {
            stores.forEach(KeyValueStore::close);
        }
    }

    private static MockProcessorContext<String, SpecificRecord> context(Path dir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "clusterer-crash-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        return new MockProcessorContext<>(props, new org.apache.kafka.streams.processor.TaskId(0, 0), dir.toFile());
    }

    /** The processor's stores as the topology builds them (written behind), on RocksDB, without changelogs. */
    private static List<KeyValueStore<String, byte[]>> stores(MockProcessorContext<String, SpecificRecord> context) {
        List<KeyValueStore<String, byte[]>> stores = new ArrayList<>();
        for (String name : StoreNames.SCOPE_STORES) {
            KeyValueStore<String, byte[]> store = WriteBehindStore.builder(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled()).build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.add(store);
        }
        return stores;
    }

    private static Map<String, String> contents(List<KeyValueStore<String, byte[]>> stores) {
        Map<String, String> all = new TreeMap<>();
        for (KeyValueStore<String, byte[]> store : stores) {
            try (var it = store.all()) {
                it.forEachRemaining(kv -> all.put(store.name() + "/" + kv.key.replace('\u0000', '|'),
                        java.util.HexFormat.of().formatHex(kv.value)));
            }
        }
        return all;
    }

    /**
     * Two scopes interleaved: a stationary pair of modes, then in "doors" a semantically new and a
     * mechanistically new mode (so births, splits and alerts happen), in "faq" more of the same.
     */
    private static final class Stream {
        private final Random random = new Random(17);
        private final float[][] semantic = {axis(SEM, 0, 1), axis(SEM, 3, 1), axis(SEM, 6, 1)};
        private final float[][] signature = {pattern(0), pattern(8), pattern(12)};

        JoinedContinuation next(int i) {
            String scope = i % 3 == 0 ? "faq" : "doors";
            int sem;
            int sig;
            if (scope.equals("doors") && i > 700) {
                switch (i % 5) {
                    case 0 -> { sem = 2; sig = 0; }
                    case 1 -> { sem = 0; sig = 2; }
                    default -> { sem = i % 2; sig = i % 2; }
                }
            } else {
                sem = i % 2;
                sig = i % 2;
            }
            float[] e = new float[SEM];
            for (int j = 0; j < SEM; j++) {
                e[j] = semantic[sem][j] + (float) (0.02 * random.nextGaussian());
            }
            double norm = 0;
            for (float x : e) {
                norm += x * x;
            }
            for (int j = 0; j < SEM; j++) {
                e[j] /= (float) Math.sqrt(norm);
            }
            int[] indices = new int[SIG];
            float[] values = new float[SIG];
            for (int j = 0; j < SIG; j++) {
                indices[j] = j;
                values[j] = signature[sig][j] + (float) (0.05 * random.nextGaussian());
            }
            String text = "mode " + sem + "/" + sig;
            return new JoinedContinuation(scope + "-" + i, scope, 0.5, 1_000_000L + 100L * i, text, e, SIG, indices,
                    values, "tiny", "1", ClustererTopologyTest.SPACE, Map.of());
        }

        private static float[] axis(int dim, int at, float value) {
            float[] v = new float[dim];
            v[at] = value;
            return v;
        }

        private static float[] pattern(int at) {
            float[] a = new float[SIG];
            a[at] = 4;
            a[(at + 1) % SIG] = 2;
            return a;
        }
    }
}
