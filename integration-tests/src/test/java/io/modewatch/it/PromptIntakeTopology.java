package io.modewatch.it;

import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.schema.PromptEvent;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A minimal Kafka Streams service over the prompt topic, for testing the common plumbing every
 * Streams service uses: it decodes prompts in either accepted encoding (Avro or JSON), sends
 * undecodable or invalid ones to its dead-letter topic through the shared handlers, and counts
 * valid prompts per scope in a RocksDB store the test queries.
 */
final class PromptIntakeTopology {

    public static final String SERVICE = "intake";
    public static final String COUNTS_STORE = "prompt-counts-by-scope";
    /** Scope of prompts that carry none. */
    public static final String UNSCOPED = "unscoped";

    private PromptIntakeTopology() {
    }

    public static Topology build(Serde<PromptEvent> prompts) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTS_STORE),
                Serdes.String(), Serdes.Long()));
        builder.stream(ModewatchTopics.PROMPTS.name(), Consumed.with(Serdes.String(), prompts).withName("prompts"))
                .process(CountPerScope::new, org.apache.kafka.streams.kstream.Named.as("count-per-scope"), COUNTS_STORE);
        return builder.build();
    }

    /** Counts per scope within the partition; prompts are keyed by id, so a scope spans partitions. */
    static final class CountPerScope implements Processor<String, PromptEvent, Void, Void> {
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            counts = context.getStateStore(COUNTS_STORE);
        }

        @Override
        public void process(Record<String, PromptEvent> record) {
            if (record.value() == null) {
                return;
            }
            String scope = record.value().getScope() == null ? UNSCOPED : record.value().getScope();
            Long current = counts.get(scope);
            counts.put(scope, current == null ? 1L : current + 1);
        }
    }
}
