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

    /** What one run left: every forwarded record in order and every store entry. */
    private record Run(List<String> outputs, Map<String, String> stores) {
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
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "clusterer-crash-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>(props,
                new org.apache.kafka.streams.processor.TaskId(0, 0), dir.toFile());
        List<KeyValueStore<String, byte[]>> stores = new ArrayList<>();
        for (String name : new String[] {StoreNames.SCOPE_STATE, StoreNames.COMPONENTS, StoreNames.MEMBERS,
                StoreNames.REFERENCES, StoreNames.ALERTS, StoreNames.DRIFT}) {
            KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
                    Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.add(store);
        }
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
