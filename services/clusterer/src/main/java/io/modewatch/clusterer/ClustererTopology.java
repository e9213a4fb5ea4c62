package io.modewatch.clusterer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.modewatch.common.errors.DeadLetters;
import io.modewatch.common.streams.WriteBehindStore;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.ModeAlert;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * embeddings + signatures (both keyed by scope) → paired by continuation id in a store → validated
 * → online RD clustering and new-mode detection per scope (RocksDB stores, one entry per
 * component) → assignments, alerts, drift. Halves that cannot be paired go to the dead-letter topic.
 */
public final class ClustererTopology {

    private ClustererTopology() {
    }

    /** The topology with its per-scope meters in the JVM's global registry (tests). */
    public static Topology build(ClustererConfig config, ClustererSerdes serdes) {
        return build(config, serdes, Metrics.globalRegistry);
    }

    /** @param metrics where the per-scope meters go (the service's {@code /metrics} registry) */
    @SuppressWarnings("unchecked")
    public static Topology build(ClustererConfig config, ClustererSerdes serdes, MeterRegistry metrics) {
        StreamsBuilder builder = new StreamsBuilder();
        // Every store is written behind: its processor keeps the decoded state and writes it once per commit.
        for (String store : StoreNames.SCOPE_STORES) {
            builder.addStateStore(WriteBehindStore.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.String(), Serdes.ByteArray()).withCachingEnabled()));
        }
        builder.addStateStore(WriteBehindStore.builder(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.PENDING), Serdes.String(), Serdes.ByteArray()).withCachingEnabled()));

        // Both topics are keyed by scope (and so partitioned alike): a continuation's two halves and
        // its scope's state meet in one task, without a repartition.
        KStream<String, SpecificRecord> halves = builder.stream(ModewatchTopics.EMBEDDINGS.name(),
                        Consumed.with(Serdes.String(), serdes.embeddings()).withName("embeddings"))
                .mapValues(v -> (SpecificRecord) v, Named.as("embedding-half"))
                .merge(builder.stream(ModewatchTopics.SIGNATURES.name(),
                                Consumed.with(Serdes.String(), serdes.signatures()).withName("signatures"))
                        .mapValues(v -> (SpecificRecord) v, Named.as("signature-half")), Named.as("halves"));
        KStream<String, JoinResult> paired = halves.process(() -> new ContinuationPairing(config.joinWindow(), config.joinGrace()),
                Named.as("pair-halves"), StoreNames.PENDING);

        DeadLetters deadLetters = new DeadLetters(ClustererConfig.SERVICE, serdes.deadLetters().serializer());
        Serializer<SpecificRecord> embeddingBytes = (Serializer<SpecificRecord>) (Serializer<?>) serdes.embeddings().serializer();
        Serializer<SpecificRecord> signatureBytes = (Serializer<SpecificRecord>) (Serializer<?>) serdes.signatures().serializer();

        var branches = paired.split(Named.as("pair-"))
                .branch((scope, r) -> r.complete(), Branched.as("complete"))
                .defaultBranch(Branched.as("unpaired"));
        branches.get("pair-unpaired")
                .process(() -> new UnpairedHalfReporter(deadLetters, embeddingBytes, signatureBytes), Named.as("report-unpaired"))
                .to(ModewatchTopics.deadLetter(ClustererConfig.SERVICE).name(),
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("unpaired-to-dlq"));

        KStream<String, SpecificRecord> outputs = branches.get("pair-complete")
                .mapValues(r -> JoinedContinuation.of(r.embedding(), r.signature(), config.exemplarText()), Named.as("validate"))
                .process(() -> new ScopeClusteringProcessor(config, metrics), Named.as("cluster-scope"),
                        StoreNames.SCOPE_STATE, StoreNames.COMPONENTS, StoreNames.MEMBERS, StoreNames.REFERENCES,
                        StoreNames.ALERTS, StoreNames.DRIFT);

        outputs.split(Named.as("output-"))
                .branch((scope, v) -> v instanceof ClusterAssignment, Branched.withConsumer(s -> s
                        .mapValues(v -> (ClusterAssignment) v, Named.as("as-assignment"))
                        .to(ModewatchTopics.ASSIGNMENTS.name(), Produced.with(Serdes.String(), serdes.assignments())
                                .withName("assignments")), "assignments"))
                .branch((scope, v) -> v instanceof ModeAlert, Branched.withConsumer(s -> s
                        .mapValues(v -> (ModeAlert) v, Named.as("as-alert"))
                        .to(ModewatchTopics.ALERTS.name(), Produced.with(Serdes.String(), serdes.alerts())
                                .withName("alerts")), "alerts"))
                .branch((scope, v) -> v instanceof ClusterDriftEvent, Branched.withConsumer(s -> s
                        .mapValues(v -> (ClusterDriftEvent) v, Named.as("as-drift"))
                        .to(ModewatchTopics.DRIFT.name(), Produced.with(Serdes.String(), serdes.drift())
                                .withName("drift")), "drift"))
                .noDefaultBranch();
        return builder.build();
    }
}
