package io.modewatch.common.loop;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.modewatch.common.errors.DeadLetters;
import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.schema.DeadLetterStage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consume, compute, produce, exactly once, for services whose work is a blocking model call
 * (sampler, embedder, attributor). Kafka Streams would run the model on its poll thread, so a slow
 * model would miss {@code max.poll.interval.ms} and trigger rebalance storms; here the batch runs
 * on a worker thread while the poll thread keeps polling with every partition paused, which keeps
 * the member alive in the group without fetching more. At most one batch is in flight, so memory
 * stays bounded by {@code maxBatch} inputs and their outputs.
 *
 * <p>Each batch is one transaction: its outputs, its dead letters and its input offsets commit
 * together or not at all. If partitions are revoked while a batch runs, the batch is discarded and
 * the partitions still owned are rewound, so nothing is produced twice or lost.
 */
public final class TransactionalBatchLoop<I, K, V> implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalBatchLoop.class);
    /** Upper bound of a record batch's header and one record's framing, on top of key and value. */
    private static final int RECORD_OVERHEAD_BYTES = 256;

    /**
     * @param groupId          the consumer group (one per service)
     * @param transactionalId  unique per instance; fencing across instances uses the group metadata
     * @param maxBatch         inputs per batch (and per transaction)
     */
    public record Settings(String service, String groupId, String transactionalId, List<String> inputTopics,
                           int maxBatch, Duration pollTimeout) {
        public Settings {
            inputTopics = List.copyOf(inputTopics);
            if (maxBatch < 1) {
                throw new IllegalArgumentException("maxBatch must be at least 1");
            }
        }
    }

    private final Settings settings;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Deserializer<I> inputs;
    private final Serializer<K> keys;
    private final Serializer<V> values;
    private final BatchFunction<I, K, V> function;
    private final DeadLetters deadLetters;
    private final ExecutorService worker;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean revokedDuringBatch = new AtomicBoolean(false);
    private final AtomicBoolean inBatch = new AtomicBoolean(false);
    private final AtomicInteger inFlight = new AtomicInteger();
    /** What this instance last committed per partition, to see a position moved by control records alone. */
    private final Map<TopicPartition, Long> committedOffsets = new HashMap<>();
    private final MeterRegistry metrics;
    private final long maxRequestBytes;
    private final Timer batchTimer;
    private final Counter processed;
    private final Counter discardedBatches;
    private final KafkaClientMetrics consumerMetrics;
    private volatile boolean assigned;
    private volatile Throwable fatal;

    public TransactionalBatchLoop(Settings settings, Map<String, ?> kafkaProperties, Deserializer<I> inputs,
                                  Serializer<K> keys, Serializer<V> values, BatchFunction<I, K, V> function,
                                  DeadLetters deadLetters, MeterRegistry metrics) {
        this.settings = settings;
        this.inputs = inputs;
        this.keys = keys;
        this.values = values;
        this.function = function;
        this.deadLetters = deadLetters;
        Map<String, Object> consumerProps = new HashMap<>(kafkaProperties);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
        consumerProps.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-consumer");
        consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> producerProps = new HashMap<>(kafkaProperties);
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-producer");
        producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
        maxRequestBytes = DeadLetters.maxRecordBytes(producerProps);
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, settings.service() + "-worker");
            t.setDaemon(true);
            return t;
        });
        String service = settings.service();
        this.metrics = metrics;
        batchTimer = Timer.builder("modewatch.batch.duration").tag("service", service)
                .description("Time to compute one batch").register(metrics);
        processed = Counter.builder("modewatch.records.processed").tag("service", service).register(metrics);
        discardedBatches = Counter.builder("modewatch.batches.discarded").tag("service", service)
                .description("Batches dropped after a rebalance or an aborted transaction and read again").register(metrics);
        metrics.gauge("modewatch.records.in.flight", List.of(io.micrometer.core.instrument.Tag.of("service", service)),
                inFlight);
        // Consumer lag (records-lag-max) and the rest of the client metrics.
        consumerMetrics = new KafkaClientMetrics(consumer);
        consumerMetrics.bindTo(metrics);
    }

    /** True once the loop has joined its group and holds partitions, and has not failed. */
    public boolean ready() {
        return assigned && fatal == null && running.get();
    }

    public Throwable failure() {
        return fatal;
    }

    @Override
    public void run() {
        try {
            producer.initTransactions();
            consumer.subscribe(settings.inputTopics(), new Rebalances());
            while (running.get()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
                if (!records.isEmpty()) {
                    processBatch(records);
                } else {
                    commitPositionsPastMarkers();
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                fatal = e;
            }
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            fatal = e;
            LOG.error("Service {} stops: its producer was fenced or refused ({})", settings.service(), e.getMessage());
        } catch (RuntimeException | InterruptedException e) {
            fatal = e;
            LOG.error("Service {} stops on an unexpected error", settings.service(), e);
        } finally {
            worker.shutdownNow();
            consumerMetrics.close();
            producer.close(Duration.ofSeconds(5));
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void processBatch(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        List<ConsumerRecord<byte[], byte[]>> decodedFrom = new ArrayList<>();
        List<I> decoded = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> outgoing = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.value() == null) {
                // Not silently skipped: on these topics a tombstone is a producer's mistake, and someone should see it.
                outgoing.add(deadLetter(r, new InvalidRecordException("a record with no value (a tombstone): " + r.topic()
                        + " carries one " + settings.service() + " input per record and is not compacted"),
                        DeadLetterStage.VALIDATION));
                continue;
            }
            try {
                I value = inputs.deserialize(r.topic(), r.headers(), r.value());
                if (value == null) {
                    outgoing.add(deadLetter(r, new InvalidRecordException("the value decodes to nothing"),
                            DeadLetterStage.DESERIALIZATION));
                    continue;
                }
                decoded.add(value);
                decodedFrom.add(r);
            } catch (RuntimeException e) {
                outgoing.add(deadLetter(r, e, stageOf(e, DeadLetterStage.DESERIALIZATION)));
            }
        }
        List<Outcome<K, V>> outcomes = compute(decoded);
        if (outcomes == null) {
            rewind(records);
            return;
        }
        if (outcomes.size() != decoded.size()) {
            throw new IllegalStateException("batch function returned " + outcomes.size() + " outcomes for "
                    + decoded.size() + " inputs");
        }
        for (int i = 0; i < outcomes.size(); i++) {
            ConsumerRecord<byte[], byte[]> source = decodedFrom.get(i);
            Outcome<K, V> outcome = outcomes.get(i);
            if (outcome instanceof Outcome.Failed<K, V> failed) {
                outgoing.add(deadLetter(source, failed.reason(), stageOf(failed.reason(), DeadLetterStage.PROCESSING)));
            } else if (outcome instanceof Outcome.Produced<K, V> produced) {
                try {
                    List<ProducerRecord<byte[], byte[]>> encoded = new ArrayList<>();
                    for (Outcome.Output<K, V> out : produced.outputs()) {
                        byte[] key = keys.serialize(out.topic(), out.key());
                        byte[] value = values.serialize(out.topic(), out.value());
                        requireSendable(out.topic(), key, value);
                        encoded.add(new ProducerRecord<>(out.topic(), key, value));
                    }
                    outgoing.addAll(encoded);
                } catch (RuntimeException e) {
                    outgoing.add(deadLetter(source, e, DeadLetterStage.SERIALIZATION));
                }
            }
        }
        commit(records, outgoing);
    }

    /**
     * An output the producer would refuse as too large must fail here, for its one input: sent, it
     * would abort the whole transaction, the batch would be read again and fail again, and the
     * partition would never move on.
     */
    private void requireSendable(String topic, byte[] key, byte[] value) {
        long size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length) + RECORD_OVERHEAD_BYTES;
        if (size > maxRequestBytes) {
            throw new InvalidRecordException("the output of this record to " + topic + " would be " + size + " bytes, more than the"
                    + " producer's max.request.size of " + maxRequestBytes + " (KAFKA_MAX_REQUEST_SIZE; the topic's"
                    + " max.message.bytes must allow it too)");
        }
    }

    /** Runs the batch on the worker while this thread keeps the group membership alive; null if revoked meanwhile. */
    private List<Outcome<K, V>> compute(List<I> decoded) throws InterruptedException {
        if (decoded.isEmpty()) {
            return List.of();
        }
        Set<TopicPartition> paused = new HashSet<>(consumer.assignment());
        consumer.pause(paused);
        revokedDuringBatch.set(false);
        inBatch.set(true);
        inFlight.set(decoded.size());
        Timer.Sample sample = Timer.start();
        try {
            Future<List<Outcome<K, V>>> future = worker.submit(() -> function.apply(decoded));
            while (!future.isDone()) {
                consumer.poll(Duration.ofMillis(100));
                if (!running.get()) {
                    future.cancel(true);
                    return null;
                }
            }
            List<Outcome<K, V>> outcomes = future.get();
            return revokedDuringBatch.get() ? null : outcomes;
        } catch (ExecutionException e) {
            // The function itself failed as a whole (not per record): every input gets the reason.
            Exception cause = e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
            LOG.warn("Service {}: a batch of {} failed as a whole: {}", settings.service(), decoded.size(),
                    cause.getMessage());
            List<Outcome<K, V>> failed = new ArrayList<>();
            decoded.forEach(d -> failed.add(Outcome.failed(cause)));
            return revokedDuringBatch.get() ? null : failed;
        } finally {
            sample.stop(batchTimer);
            inBatch.set(false);
            inFlight.set(0);
            consumer.resume(consumer.assignment());
        }
    }

    private void commit(ConsumerRecords<byte[], byte[]> records, List<ProducerRecord<byte[], byte[]>> outgoing) {
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> r : outgoing) {
                producer.send(r);
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = nextOffsets(records);
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
            producer.commitTransaction();
            offsets.forEach((tp, o) -> committedOffsets.put(tp, o.offset()));
            long dead = 0;
            for (ProducerRecord<byte[], byte[]> r : outgoing) {
                if (r.topic().equals(deadLetters.topic())) {
                    dead++;
                    DeadLetters.count(metrics, settings.service(), DeadLetters.stageOf(r));
                }
            }
            processed.increment(records.count() - dead);
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            LOG.warn("Service {}: transaction aborted ({}); the batch will be read again", settings.service(),
                    e.getMessage());
            producer.abortTransaction();
            rewind(records);
        }
    }

    /**
     * A poll that returned nothing may still have moved a partition's position past a commit or
     * abort marker that arrived after the last batch. Committing that position (offsets only) is
     * what brings the group's lag to 0 when the input goes quiet; otherwise a lag monitor would see
     * 1 record per such partition until the next record arrives.
     */
    private void commitPositionsPastMarkers() {
        Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
        try {
            for (TopicPartition tp : consumer.assignment()) {
                Long last = committedOffsets.get(tp);
                if (last == null) {
                    continue;
                }
                long position = consumer.position(tp, Duration.ofMillis(200));
                if (position > last) {
                    moved.put(tp, new OffsetAndMetadata(position));
                }
            }
        } catch (KafkaException e) {
            return; // a position not known right now: try again after the next empty poll
        }
        if (moved.isEmpty()) {
            return;
        }
        try {
            producer.beginTransaction();
            producer.sendOffsetsToTransaction(moved, consumer.groupMetadata());
            producer.commitTransaction();
            moved.forEach((tp, o) -> committedOffsets.put(tp, o.offset()));
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
            throw e;
        } catch (KafkaException e) {
            // Nothing is lost: the next batch commits a position at least as far.
            LOG.debug("Service {}: committing positions past markers failed ({})", settings.service(), e.getMessage());
            producer.abortTransaction();
        }
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        discardedBatches.increment();
        Set<TopicPartition> owned = consumer.assignment();
        for (TopicPartition tp : records.partitions()) {
            if (owned.contains(tp)) {
                consumer.seek(tp, records.records(tp).get(0).offset());
            }
        }
    }

    /**
     * The consumer's position, not the last record's offset + 1: on a topic written with transactions
     * the position has also moved past the commit marker that follows the batch, so a caught-up group
     * shows a lag of 0 to every lag monitor (the record offset would leave 1 per partition forever).
     * Between the poll that returned the batch and this commit the partitions were paused, so the
     * position is exactly the end of the batch.
     */
    private Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            var list = records.records(tp);
            long afterBatch = list.get(list.size() - 1).offset() + 1;
            offsets.put(tp, new OffsetAndMetadata(Math.max(afterBatch, consumer.position(tp))));
        }
        return offsets;
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, Exception e, DeadLetterStage stage) {
        LOG.warn("Dead-lettering record {}-{}@{} to {} ({}): {}", r.topic(), r.partition(), r.offset(),
                deadLetters.topic(), stage, e.getMessage());
        return deadLetters.record(new DeadLetters.Source(r.topic(), r.partition(), r.offset(), r.timestamp(), r.headers()),
                r.key(), r.value(), e, stage);
    }

    private static DeadLetterStage stageOf(Exception e, DeadLetterStage otherwise) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof InvalidRecordException) {
                return DeadLetterStage.VALIDATION;
            }
            t = t.getCause();
        }
        return otherwise;
    }

    /** Stops after the current batch; safe from any thread. */
    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
    }

    private final class Rebalances implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(committedOffsets::remove);
            if (inBatch.get() && !partitions.isEmpty()) {
                revokedDuringBatch.set(true);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned = true;
            if (inBatch.get()) {
                // Fetch nothing new until the running batch is committed.
                consumer.pause(partitions);
            }
        }
    }
}
