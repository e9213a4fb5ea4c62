package io.modewatch.clusterer;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.serde.InternalAvroSerde;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.DeadLetter;
import io.modewatch.schema.DriftKind;
import io.modewatch.schema.ModeAlert;
import io.modewatch.schema.NoveltyKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class ClustererTopologyTest {

    private static final int SEM = 8;
    private static final int SIG = 16;
    /** Two layers of eight MLP neurons: the attributor's id for a signature of SIG units. */
    static final String SPACE = "mlp-neurons:L2xN8";

    /** Registry-free serdes: this test is about the topology, not the wire format. */
    static ClustererSerdes serdes() {
        return new ClustererSerdes(new InternalAvroSerde<>(ContinuationEmbedding.class),
                new InternalAvroSerde<>(ContinuationSignature.class), new InternalAvroSerde<>(ClusterAssignment.class),
                new InternalAvroSerde<>(ModeAlert.class), new InternalAvroSerde<>(ClusterDriftEvent.class),
                new InternalAvroSerde<>(DeadLetter.class));
    }

    static ClustererConfig config(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "unused:9092");
        env.put("MODEWATCH_BOOTSTRAP_EVENTS", "60");
        env.put("MODEWATCH_WARMUP_EVENTS", "300");
        env.put("MODEWATCH_MAINTENANCE_INTERVAL", "50");
        env.put("MODEWATCH_MIN_COUNT", "20");
        env.put("MODEWATCH_WINDOW_EVENTS", "200");
        env.put("MODEWATCH_HALF_LIFE_EVENTS", "2000");
        env.put("MODEWATCH_JOIN_WINDOW", "10s");
        env.put("MODEWATCH_JOIN_GRACE", "5s");
        env.putAll(extra);
        return ClustererConfig.from(env);
    }

    /** A synthetic mode: a semantic direction and a signature pattern, each with a little noise. */
    record Mode(String name, float[] semantic, float[] signature) {
        static Mode of(String name, int semAxis, int sigAxis) {
            float[] e = new float[SEM];
            e[semAxis] = 1;
            float[] a = new float[SIG];
            a[sigAxis] = 4;
            a[(sigAxis + 1) % SIG] = 2;
            return new Mode(name, e, a);
        }
    }

    final class Driver implements AutoCloseable {
        final TopologyTestDriver driver;
        final TestInputTopic<String, ContinuationEmbedding> embeddings;
        final TestInputTopic<String, ContinuationSignature> signatures;
        final TestOutputTopic<String, ClusterAssignment> assignments;
        final TestOutputTopic<String, ModeAlert> alerts;
        final TestOutputTopic<String, ClusterDriftEvent> drift;
        final TestOutputTopic<byte[], DeadLetter> deadLetters;
        final Random random = new Random(11);
        long time = 1_000_000;
        int n;

        Driver(ClustererConfig config) {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "clusterer-test");
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/clusterer-ttd-" + System.nanoTime());
            ClustererSerdes s = serdes();
            driver = new TopologyTestDriver(ClustererTopology.build(config, s), props);
            embeddings = driver.createInputTopic(ModewatchTopics.EMBEDDINGS.name(), Serdes.String().serializer(),
                    s.embeddings().serializer());
            signatures = driver.createInputTopic(ModewatchTopics.SIGNATURES.name(), Serdes.String().serializer(),
                    s.signatures().serializer());
            assignments = driver.createOutputTopic(ModewatchTopics.ASSIGNMENTS.name(), Serdes.String().deserializer(),
                    s.assignments().deserializer());
            alerts = driver.createOutputTopic(ModewatchTopics.ALERTS.name(), Serdes.String().deserializer(),
                    s.alerts().deserializer());
            drift = driver.createOutputTopic(ModewatchTopics.DRIFT.name(), Serdes.String().deserializer(),
                    s.drift().deserializer());
            deadLetters = driver.createOutputTopic("clusterer-dlq", Serdes.ByteArray().deserializer(),
                    s.deadLetters().deserializer());
        }

        void send(String scope, Mode mode) {
            String id = scope + "-" + (n++);
            time += 100;
            embeddings.pipeInput(scope, embedding(id, scope, mode), time);
            signatures.pipeInput(scope, signature(id, scope, mode), time);
        }

        ContinuationEmbedding embedding(String id, String scope, Mode mode) {
            List<Float> v = new ArrayList<>();
            for (float x : mode.semantic()) {
                v.add(x + (float) (0.02 * random.nextGaussian()));
            }
            return ContinuationEmbedding.newBuilder().setContinuationId(id).setScope(scope).setEmbedderId("test")
                    .setDimension(SEM).setVector(v).setWeight(0.5).setTimestamp(Instant.ofEpochMilli(time))
                    .setText(mode.name()).setAttributes(Map.of("mode", mode.name())).build();
        }

        ContinuationSignature signature(String id, String scope, Mode mode) {
            List<Integer> idx = new ArrayList<>();
            List<Float> val = new ArrayList<>();
            for (int j = 0; j < SIG; j++) {
                float x = mode.signature()[j] + (float) (0.05 * random.nextGaussian());
                idx.add(j);
                val.add(x);
            }
            return ContinuationSignature.newBuilder().setContinuationId(id).setScope(scope).setModelId("tiny")
                    .setModelVersion("1").setSignatureSpaceId(SPACE).setDimension(SIG).setIndices(idx)
                    .setValues(val).setTargetValue(1.0).setWeight(0.5).setTimestamp(Instant.ofEpochMilli(time)).build();
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    @Test
    void everyJoinedContinuationGetsExactlyOneAssignmentKeyedByItsScope() {
        Mode a = Mode.of("a", 0, 0);
        Mode b = Mode.of("b", 3, 8);
        try (Driver d = new Driver(config(Map.of()))) {
            for (int i = 0; i < 200; i++) {
                d.send("faq", i % 2 == 0 ? a : b);
            }
            var out = d.assignments.readKeyValuesToList();
            assertThat(out).hasSize(200);
            assertThat(out).allSatisfy(kv -> assertThat(kv.key).isEqualTo("faq"));
            assertThat(out.stream().map(kv -> kv.value.getContinuationId()).distinct()).hasSize(200);
            // After the bootstrap, the two modes land in two different components.
            var late = out.subList(100, 200);
            assertThat(late).allSatisfy(kv -> assertThat(kv.value.getComponentId()).isNotEqualTo(-1L));
            assertThat(late.stream().map(kv -> kv.value.getComponentId()).distinct()).hasSize(2);
        }
    }

    @Test
    void stateIsStoredOneEntryPerComponent() {
        Mode a = Mode.of("a", 0, 0);
        Mode b = Mode.of("b", 3, 8);
        try (Driver d = new Driver(config(Map.of()))) {
            for (int i = 0; i < 200; i++) {
                d.send("faq", i % 2 == 0 ? a : b);
            }
            KeyValueStore<String, byte[]> components = d.driver.getKeyValueStore(StoreNames.COMPONENTS);
            int entries = 0;
            try (var it = components.all()) {
                while (it.hasNext()) {
                    assertThat(StoreNames.scopeOf(it.next().key)).isEqualTo("faq");
                    entries++;
                }
            }
            assertThat(entries).isEqualTo(2);
        }
    }

    @Test
    void aHalfWithoutPartnerIsReportedOnceTheJoinWindowClosed() {
        try (Driver d = new Driver(config(Map.of()))) {
            Mode a = Mode.of("a", 0, 0);
            d.time += 100;
            d.embeddings.pipeInput("faq", d.embedding("lonely", "faq", a), d.time);
            // Advance stream time well past window + grace with complete pairs.
            for (int i = 0; i < 5; i++) {
                d.time += 10_000;
                d.send("faq", a);
            }
            var dead = d.deadLetters.readValuesToList();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getErrorMessage()).contains("lonely").contains("found no signature");
            assertThat(dead.get(0).getSourceTopic()).isEqualTo(ModewatchTopics.EMBEDDINGS.name());
            assertThat(d.assignments.readValuesToList()).extracting(ClusterAssignment::getContinuationId)
                    .doesNotContain("lonely");
        }
    }

    @Test
    void aHalfNotKeyedByItsScopeIsReportedNotClustered() {
        try (Driver d = new Driver(config(Map.of()))) {
            Mode a = Mode.of("a", 0, 0);
            d.time += 100;
            d.embeddings.pipeInput("stray", d.embedding("stray", "faq", a), d.time);
            d.signatures.pipeInput("faq", d.signature("stray", "faq", a), d.time);
            var dead = d.deadLetters.readValuesToList();
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).getErrorMessage()).contains("stray").contains("keyed by scope");
            // The signature alone waits for its embedding and is reported once the window closes.
            for (int i = 0; i < 5; i++) {
                d.time += 100_000;
                d.send("faq", a);
            }
            assertThat(d.deadLetters.readValuesToList()).singleElement()
                    .satisfies(l -> assertThat(l.getErrorMessage()).contains("stray").contains("found no embedding"));
        }
    }

    @Test
    void aTombstoneOnAnInputTopicIsDeadLetteredWithTheReason() {
        try (Driver d = new Driver(config(Map.of()))) {
            d.time += 100;
            d.embeddings.pipeInput("faq", null, d.time);
            assertThat(d.deadLetters.readValuesToList()).singleElement()
                    .satisfies(l -> assertThat(l.getErrorMessage()).contains("tombstone"));
            d.send("faq", Mode.of("a", 0, 0));
            assertThat(d.assignments.readValuesToList()).hasSize(1);
        }
    }

    @Test
    void halvesFurtherApartThanTheWindowAreBothReportedAndALaterCopyReplacesAWaitingHalf() {
        try (Driver d = new Driver(config(Map.of("MODEWATCH_JOIN_WINDOW", "10s")))) {
            Mode a = Mode.of("a", 0, 0);
            d.time += 100;
            d.embeddings.pipeInput("faq", d.embedding("late", "faq", a), d.time);
            d.embeddings.pipeInput("faq", d.embedding("late", "faq", a), d.time + 1);
            var replaced = d.deadLetters.readValuesToList();
            assertThat(replaced).singleElement()
                    .satisfies(l -> assertThat(l.getErrorMessage()).contains("late").contains("later copy"));
            d.signatures.pipeInput("faq", d.signature("late", "faq", a), d.time + 30_000);
            var apart = d.deadLetters.readValuesToList();
            assertThat(apart).hasSize(2).allSatisfy(l -> assertThat(l.getErrorMessage()).contains("beyond the join window"));
            assertThat(d.assignments.readValuesToList()).isEmpty();
        }
    }

    @Test
    void aSemanticallyNewModeAndAMechanisticallyNewModeRaiseAlertsOfTheirKind() {
        Mode a = Mode.of("a", 0, 0);
        Mode b = Mode.of("b", 3, 8);
        Mode semanticNew = Mode.of("refusal", 6, 0);
        Mode mechanisticNew = new Mode("copied", a.semantic(), Mode.of("x", 0, 12).signature());
        try (Driver d = new Driver(config(Map.of()))) {
            for (int i = 0; i < 600; i++) {
                d.send("doors", i % 2 == 0 ? a : b);
            }
            assertThat(d.alerts.readValuesToList()).as("no alert on the stationary stretch").isEmpty();
            for (int i = 0; i < 1200; i++) {
                d.send("doors", switch (i % 5) {
                    case 0 -> semanticNew;
                    case 1 -> mechanisticNew;
                    case 2 -> a;
                    default -> b;
                });
            }
            List<ModeAlert> alerts = d.alerts.readValuesToList();
            assertThat(alerts).extracting(ModeAlert::getNoveltyKind)
                    .contains(NoveltyKind.SEMANTIC, NoveltyKind.MECHANISTIC);
            ModeAlert mechanistic = alerts.stream().filter(x -> x.getNoveltyKind() == NoveltyKind.MECHANISTIC)
                    .findFirst().orElseThrow();
            assertThat(mechanistic.getExemplars()).isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getText()).isEqualTo("copied"));
            // The copied mode's signature peaks at unit 12 (layer 1, neuron 4), then unit 13.
            assertThat(mechanistic.getTopUnits()).isNotEmpty().allSatisfy(u -> assertThat(u.getUnitLabel())
                    .isEqualTo("L" + u.getUnitIndex() / 8 + ".mlp.n" + u.getUnitIndex() % 8));
            assertThat(mechanistic.getTopUnits().get(0).getUnitLabel()).isEqualTo("L1.mlp.n4");
            assertThat(mechanistic.getSignatureSpaceId()).isEqualTo(SPACE);
            assertThat(mechanistic.getComponentIds()).as("the mode's components, its largest first")
                    .startsWith(mechanistic.getComponentId());
            assertThat(mechanistic.getCount()).isGreaterThanOrEqualTo(20);
            assertThat(alerts).as("one alert per injected mode").hasSize(2);
            assertThat(alerts.stream().map(ModeAlert::getAlertId).distinct()).hasSameSizeAs(alerts);
            assertThat(d.drift.readValuesToList()).extracting(ClusterDriftEvent::getKind)
                    .contains(DriftKind.WINDOW_STATS);
        }
    }

    @Test
    void replayingTheSameInputReproducesTheSameAssignmentsAndAlertIds() {
        Mode a = Mode.of("a", 0, 0);
        Mode b = Mode.of("b", 3, 8);
        Mode c = Mode.of("c", 6, 4);
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (List<String> sink : List.of(first, second)) {
            try (Driver d = new Driver(config(Map.of()))) {
                for (int i = 0; i < 900; i++) {
                    d.send("s", i < 500 ? (i % 2 == 0 ? a : b) : (i % 3 == 0 ? c : i % 3 == 1 ? a : b));
                }
                d.assignments.readValuesToList().forEach(x -> sink.add(x.getContinuationId() + "->" + x.getComponentId()));
                d.alerts.readValuesToList().forEach(x -> sink.add("alert " + x.getAlertId()));
            }
        }
        assertThat(second).isEqualTo(first);
    }
}
