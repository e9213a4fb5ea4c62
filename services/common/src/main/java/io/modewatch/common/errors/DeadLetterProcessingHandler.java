package io.modewatch.common.errors;

import io.modewatch.schema.DeadLetterStage;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record on which a processor throws goes, with its original source bytes, to the service's
 * dead-letter topic; processing continues with the next record.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = StreamsDeadLetterConfig.deadLetters(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        DeadLetterStage stage = DeadLetters.rootOf(exception) instanceof InvalidRecordException
                ? DeadLetterStage.VALIDATION : DeadLetterStage.PROCESSING;
        LOG.warn("Dead-lettering record {}-{}@{} after processor {} failed ({}): {}", context.topic(),
                context.partition(), context.offset(), context.processorNodeId(), stage,
                DeadLetters.rootOf(exception).getMessage(), exception);
        StreamsDeadLetterConfig.count(deadLetters.service(), stage);
        var source = new DeadLetters.Source(context.topic(), context.partition(), context.offset(),
                context.timestamp(), context.headers());
        return Response.resume(List.of(deadLetters.record(source, context.sourceRawKey(), context.sourceRawValue(),
                exception, stage)));
    }
}
