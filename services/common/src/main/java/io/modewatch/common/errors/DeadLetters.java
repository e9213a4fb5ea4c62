package io.modewatch.common.errors;

import io.micrometer.core.instrument.MeterRegistry;
import io.modewatch.schema.DeadLetter;
import io.modewatch.schema.DeadLetterStage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Builds the records a service sends to its dead-letter topic: the original key and value bytes
 * untouched (so the record can be replayed once fixed), the reason in a {@link DeadLetter}
 * envelope, and the same reason in headers for tools that only look at headers.
 */
public final class DeadLetters {

    public static final String HEADER_ERROR_CLASS = "modewatch.error.class";
    public static final String HEADER_ERROR_MESSAGE = "modewatch.error.message";
    public static final String HEADER_SOURCE = "modewatch.error.source";
    public static final String HEADER_STAGE = "modewatch.error.stage";
    public static final String HEADER_SERVICE = "modewatch.error.service";

    private static final int MAX_STACK_CHARS = 8_000;

    /** Kafka's default producer {@code max.request.size}. */
    public static final long DEFAULT_MAX_RECORD_BYTES = 1_048_576;
    /** Room in a letter for the reason, the stack trace and the copied headers. */
    private static final long ENVELOPE_ROOM_BYTES = 64 * 1024;

    private final String service;
    private final String topic;
    private final Serializer<DeadLetter> serializer;
    private final long maxValueBytes;

    /** The producer's {@code max.request.size} in these client properties ({@code KAFKA_MAX_REQUEST_SIZE}), or Kafka's default. */
    public static long maxRecordBytes(Map<String, ?> kafkaProperties) {
        Object configured = kafkaProperties.get("max.request.size");
        return configured == null ? DEFAULT_MAX_RECORD_BYTES : Long.parseLong(configured.toString().trim());
    }

    public DeadLetters(String service, Serializer<DeadLetter> serializer) {
        this(service, serializer, DEFAULT_MAX_RECORD_BYTES);
    }

    /**
     * @param maxRecordBytes the producer's {@code max.request.size}: a failed record's value is copied
     *                       into its letter only while the letter stays below it, or the letter itself
     *                       could not be sent (and the batch holding it would fail again and again)
     */
    public DeadLetters(String service, Serializer<DeadLetter> serializer, long maxRecordBytes) {
        this.service = service;
        this.topic = service + "-dlq";
        this.serializer = serializer;
        this.maxValueBytes = Math.max(0, maxRecordBytes - ENVELOPE_ROOM_BYTES);
    }

    public String topic() {
        return topic;
    }

    public String service() {
        return service;
    }

    /** Where the failed record came from. Any part may be unknown (null / -1). */
    public record Source(String topic, int partition, long offset, long timestamp, Headers headers) {
    }

    public ProducerRecord<byte[], byte[]> record(Source source, byte[] key, byte[] value, Exception error,
                                                 DeadLetterStage stage) {
        Throwable cause = rootOf(error);
        boolean keepValue = value == null || value.length <= maxValueBytes;
        String message = describe(cause) + (keepValue ? "" : " [the value, " + value.length + " bytes, is left out of"
                + " this letter, which would otherwise be too large to send; it is at " + source.topic() + "-"
                + source.partition() + "@" + source.offset() + " while that topic retains it]");
        Map<String, ByteBuffer> headers = new HashMap<>();
        if (source.headers() != null) {
            for (Header h : source.headers()) {
                headers.put(h.key(), ByteBuffer.wrap(h.value() == null ? new byte[0] : h.value()));
            }
        }
        DeadLetter envelope = DeadLetter.newBuilder()
                .setService(service)
                .setSourceTopic(source.topic())
                .setPartition(source.partition() < 0 ? null : source.partition())
                .setOffset(source.offset() < 0 ? null : source.offset())
                .setTimestamp(source.timestamp() < 0 ? null : Instant.ofEpochMilli(source.timestamp()))
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(keepValue && value != null ? ByteBuffer.wrap(value) : null)
                .setErrorClass(cause.getClass().getName())
                .setErrorMessage(message)
                .setStackTrace(stackTrace(error))
                .setStage(stage)
                .setOccurredAt(Instant.now())
                .setHeaders(headers)
                .build();
        RecordHeaders out = new RecordHeaders();
        out.add(HEADER_SERVICE, utf8(service));
        out.add(HEADER_STAGE, utf8(stage.name()));
        out.add(HEADER_ERROR_CLASS, utf8(cause.getClass().getName()));
        out.add(HEADER_ERROR_MESSAGE, utf8(message));
        out.add(HEADER_SOURCE, utf8(source.topic() + "/" + source.partition() + "@" + source.offset()));
        return new ProducerRecord<>(topic, null, null, key, serializer.serialize(topic, envelope), out);
    }

    /** Registers the service's dead-letter counters at 0, so that a dashboard's rate() has a series before the first letter. */
    public static void registerCounters(MeterRegistry registry, String service) {
        for (DeadLetterStage stage : DeadLetterStage.values()) {
            registry.counter("modewatch.dead.letters", "service", service, "stage", stage.name());
        }
    }

    /** Counts one dead letter; every service exports it as {@code modewatch_dead_letters_total{service,stage}}. */
    public static void count(MeterRegistry registry, String service, DeadLetterStage stage) {
        registry.counter("modewatch.dead.letters", "service", service, "stage", stage.name()).increment();
    }

    /** The stage a record built by {@link #record} carries in its header. */
    public static DeadLetterStage stageOf(ProducerRecord<byte[], byte[]> deadLetter) {
        Header h = deadLetter.headers().lastHeader(HEADER_STAGE);
        return DeadLetterStage.valueOf(new String(h.value(), StandardCharsets.UTF_8));
    }

    /** The innermost cause says what actually went wrong; wrappers only add their own class name. */
    static Throwable rootOf(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable cause) {
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        String s = out.toString();
        return s.length() <= MAX_STACK_CHARS ? s : s.substring(0, MAX_STACK_CHARS);
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }
}
