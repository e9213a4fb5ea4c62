package io.modewatch.clusterer;

import io.micrometer.core.instrument.Metrics;
import io.modewatch.common.errors.DeadLetters;
import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.common.topics.ModewatchTopics;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A half that cannot be clustered (see {@link ContinuationPairing}) is not silently dropped: it
 * goes to the clusterer's dead-letter topic, re-encoded with its registry schema, keyed by its
 * continuation id (a tombstone: by its key, without value), with the pairing's reason.
 */
final class UnpairedHalfReporter implements Processor<String, JoinResult, byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(UnpairedHalfReporter.class);

    private final DeadLetters deadLetters;
    private final Serializer<SpecificRecord> embeddings;
    private final Serializer<SpecificRecord> signatures;
    private ProcessorContext<byte[], byte[]> context;

    UnpairedHalfReporter(DeadLetters deadLetters, Serializer<SpecificRecord> embeddings, Serializer<SpecificRecord> signatures) {
        this.deadLetters = deadLetters;
        this.embeddings = embeddings;
        this.signatures = signatures;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        // From 0, so that a dashboard's rate() has a series before the first unpaired half.
        for (String half : new String[] {"embedding", "signature", "none"}) {
            Metrics.counter("modewatch.join.unmatched", "half", half);
        }
    }

    @Override
    public void process(Record<String, JoinResult> record) {
        JoinResult half = record.value();
        boolean hasEmbedding = half.embedding() != null;
        String kindTopic = hasEmbedding ? ModewatchTopics.EMBEDDINGS.name() : ModewatchTopics.SIGNATURES.name();
        // The input record's topic while one is processed; an expired half (punctuation) has none.
        String topic = context.recordMetadata().map(m -> m.topic()).orElse(kindTopic);
        byte[] value = hasEmbedding ? embeddings.serialize(topic, half.embedding())
                : half.signature() != null ? signatures.serialize(topic, half.signature()) : null;
        String id = hasEmbedding ? half.embedding().getContinuationId()
                : half.signature() != null ? half.signature().getContinuationId() : record.key();
        LOG.warn("Reporting an unpaired half to {}: {}", deadLetters.topic(), half.problem());
        Metrics.counter("modewatch.join.unmatched", "half", hasEmbedding ? "embedding" : half.signature() != null ? "signature" : "none")
                .increment();
        var out = deadLetters.record(new DeadLetters.Source(topic, -1, -1, record.timestamp(), null),
                id == null ? null : id.getBytes(StandardCharsets.UTF_8), value, new InvalidRecordException(half.problem()),
                half.stage());
        DeadLetters.count(Metrics.globalRegistry, deadLetters.service(), half.stage());
        context.forward(new Record<>(out.key(), out.value(), record.timestamp(), out.headers()));
    }
}
