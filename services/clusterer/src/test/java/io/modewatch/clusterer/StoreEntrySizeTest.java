package io.modewatch.clusterer;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class StoreEntrySizeTest {

    /** Kafka's default max.request.size; a changelog entry larger than this stops the clusterer. */
    private static final int KAFKA_RECORD_LIMIT = 1_048_576;

    @Test
    void noStoredEntryComesNearTheKafkaRecordLimitAtProductionDimensions() {
        // MiniLM's 384 dimensions, a 2048-unit signature space with 256 units kept, the default bootstrap of 600.
        ClustererConfig config = ClustererTopologyTest.config(Map.of("MODEWATCH_BOOTSTRAP_EVENTS", "600",
                "MODEWATCH_WARMUP_EVENTS", "2000", "MODEWATCH_MAINTENANCE_INTERVAL", "250"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "entry-size-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/clusterer-size-" + System.nanoTime());
        var serdes = ClustererTopologyTest.serdes();
        Random random = new Random(3);
        int largest = 0;
        try (TopologyTestDriver driver = new TopologyTestDriver(ClustererTopology.build(config, serdes), props)) {
            var embeddings = driver.createInputTopic(ModewatchTopics.EMBEDDINGS.name(), Serdes.String().serializer(),
                    serdes.embeddings().serializer());
            var signatures = driver.createInputTopic(ModewatchTopics.SIGNATURES.name(), Serdes.String().serializer(),
                    serdes.signatures().serializer());
            for (int n = 0; n < 800; n++) {
                String id = "c-" + n;
                List<Float> vector = new ArrayList<>();
                for (int i = 0; i < 384; i++) {
                    vector.add((float) random.nextGaussian());
                }
                List<Integer> indices = new ArrayList<>();
                List<Float> values = new ArrayList<>();
                for (int i = 0; i < 256; i++) {
                    indices.add(i * 8 + (n % 8));
                    values.add((float) random.nextGaussian());
                }
                Instant t = Instant.ofEpochMilli(1_000_000 + n * 10L);
                embeddings.pipeInput("s", ContinuationEmbedding.newBuilder().setContinuationId(id).setScope("s")
                        .setEmbedderId("e").setDimension(384).setVector(vector).setWeight(0.5).setTimestamp(t)
                        .setText("a continuation of ordinary length, twenty tokens or so").setAttributes(Map.of()).build(), t);
                signatures.pipeInput("s", ContinuationSignature.newBuilder().setContinuationId(id).setScope("s")
                        .setModelId("m").setModelVersion("1").setSignatureSpaceId("mlp-neurons").setDimension(2048)
                        .setIndices(indices).setValues(values).setTargetValue(1).setWeight(0.5).setTimestamp(t).build(), t);
            }
            for (String name : List.of(StoreNames.SCOPE_STATE, StoreNames.COMPONENTS, StoreNames.MEMBERS)) {
                KeyValueStore<String, byte[]> store = driver.getKeyValueStore(name);
                try (var it = store.all()) {
                    while (it.hasNext()) {
                        largest = Math.max(largest, it.next().value.length);
                    }
                }
            }
        }
        assertThat(largest).as("largest stored entry, bytes").isPositive().isLessThan(KAFKA_RECORD_LIMIT / 4);
    }
}
