package io.modewatch.clusterer;

import io.micrometer.core.instrument.Metrics;
import io.modewatch.common.errors.DeadLetters;
import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.schema.DeadLetterStage;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedding whose signature never arrived within the join window (or the reverse) is not
 * silently dropped: it goes to the clusterer's dead-letter topic with the half that did arrive
 * (re-encoded with its registry schema) and a reason that names the missing half.
 */
final class UnmatchedHalfReporter implements Processor<String, JoinResult, byte[], byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(UnmatchedHalfReporter.class);

    private final DeadLetters deadLetters;
    private final Serializer<SpecificRecord> embeddings;
    private final Serializer<SpecificRecord> signatures;
    private final Duration window;
    private final Duration grace;
    private ProcessorContext<byte[], byte[]> context;

    UnmatchedHalfReporter(DeadLetters deadLetters, Serializer<SpecificRecord> embeddings,
                          Serializer<SpecificRecord> signatures, Duration window, Duration grace) {
        this.deadLetters = deadLetters;
        this.embeddings = embeddings;
        this.signatures = signatures;
        this.window = window;
        this.grace = grace;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, JoinResult> record) {
        JoinResult half = record.value();
        boolean hasEmbedding = half.embedding() != null;
        String topic = hasEmbedding ? io.modewatch.common.topics.ModewatchTopics.EMBEDDINGS.name()
                : io.modewatch.common.topics.ModewatchTopics.SIGNATURES.name();
        byte[] value = hasEmbedding ? embeddings.serialize(topic, half.embedding()) : signatures.serialize(topic, half.signature());
        String reason = "continuation " + record.key() + ": its " + (hasEmbedding ? "embedding" : "signature")
                + " found no " + (hasEmbedding ? "signature" : "embedding") + " within the join window ("
                + window.toSeconds() + " s, grace " + grace.toSeconds() + " s)";
        LOG.warn("Reporting an unmatched half to {}: {}", deadLetters.topic(), reason);
        Metrics.counter("modewatch.join.unmatched", "half", hasEmbedding ? "embedding" : "signature").increment();
        var out = deadLetters.record(new DeadLetters.Source(topic, -1, -1, record.timestamp(), null),
                record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8), value,
                new InvalidRecordException(reason), DeadLetterStage.PROCESSING);
        context.forward(new Record<>(out.key(), out.value(), record.timestamp(), out.headers()));
    }
}
