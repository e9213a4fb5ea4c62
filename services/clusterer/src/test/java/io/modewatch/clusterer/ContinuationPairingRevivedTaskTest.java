package io.modewatch.clusterer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import io.modewatch.common.streams.WriteBehindStore;
import org.junit.jupiter.api.Test;

/**
 * After an aborted transaction Streams restores the stores to the last commit and calls init again
 * on the same processor, then feeds it the aborted records again. The pairing's decoded copy of its
 * waiting halves must follow the store back: a half fed again is then waiting, not "replaced by a
 * later copy of itself".
 */
class ContinuationPairingRevivedTaskTest {

    @Test
    void aHalfFedAgainAfterARevivalWaitsForItsPartnerAndPairsWithIt() throws Exception {
        Path dir = Files.createTempDirectory("pairing-revive-");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pairing-revive-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        MockProcessorContext<String, JoinResult> context = new MockProcessorContext<>(props,
                new org.apache.kafka.streams.processor.TaskId(0, 0), dir.toFile());
        KeyValueStore<String, byte[]> pending = WriteBehindStore.builder(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.PENDING), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled()).build();
        pending.init(context.getStateStoreContext(), pending);
        context.addStateStore(pending);
        try {
            ClustererTopologyTest topology = new ClustererTopologyTest();
            try (ClustererTopologyTest.Driver d = topology.new Driver(ClustererTopologyTest.config(Map.of()))) {
                var mode = ClustererTopologyTest.Mode.of("a", 0, 0);
                var embedding = d.embedding("c-1", "doors", mode);
                var signature = d.signature("c-1", "doors", mode);
                ContinuationPairing pairing = new ContinuationPairing(Duration.ofMinutes(5), Duration.ofMinutes(1));
                pairing.init(context);
                pairing.process(new Record<String, SpecificRecord>("doors", embedding, 1_000L));
                // The transaction aborts: the store goes back to the last commit, which did not hold the half.
                pending.delete("c-1");
                pairing.init(context);
                pairing.process(new Record<String, SpecificRecord>("doors", embedding, 1_000L));
                pairing.process(new Record<String, SpecificRecord>("doors", signature, 1_000L));
            }
            assertThat(context.forwarded()).singleElement().satisfies(f -> {
                assertThat(f.record().value().complete()).as("paired, not reported: %s", f.record().value().problem()).isTrue();
            });
        } finally {
            pending.close();
        }
    }
}
