package io.modewatch.common.errors;

import io.modewatch.schema.DeadLetterStage;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record whose bytes cannot be decoded (garbage, an unknown schema id, invalid JSON) or that
 * decodes but breaks its topic's rules goes to the service's dead-letter topic with the reason;
 * the stream carries on with the next record.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = StreamsDeadLetterConfig.deadLetters(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        DeadLetterStage stage = DeadLetters.rootOf(exception) instanceof InvalidRecordException
                ? DeadLetterStage.VALIDATION : DeadLetterStage.DESERIALIZATION;
        LOG.warn("Dead-lettering record {}-{}@{} to {} ({}): {}", record.topic(), record.partition(), record.offset(),
                deadLetters.topic(), stage, DeadLetters.rootOf(exception).getMessage());
        StreamsDeadLetterConfig.count(deadLetters.service(), stage);
        var source = new DeadLetters.Source(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.headers());
        return Response.resume(List.of(deadLetters.record(source, record.key(), record.value(), exception, stage)));
    }
}
