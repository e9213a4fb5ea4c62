package io.modewatch.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads one topic from the beginning with read_committed, as a third-party consumer would, and
 * counts how many times each id (taken from the value by {@code idOf}) was committed. Polls
 * incrementally, so it can be called in a wait loop; it rides through a broker restart like any
 * Kafka client.
 */
final class CommittedTopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Function<byte[], String> idOf;
    private final Map<String, Integer> counts = new HashMap<>();

    CommittedTopicReader(String bootstrap, String topic, Function<byte[], String> idOf) {
        this.topic = topic;
        this.idOf = idOf;
        consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Reads what has been committed since the last call. */
    CommittedTopicReader poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> counts.merge(idOf.apply(r.value()), 1, Integer::sum));
        return this;
    }

    String topic() {
        return topic;
    }

    Map<String, Integer> counts() {
        return counts;
    }

    /** Ids committed more than once. */
    Map<String, Integer> duplicates() {
        Map<String, Integer> out = new HashMap<>();
        counts.forEach((id, n) -> {
            if (n > 1) {
                out.put(id, n);
            }
        });
        return out;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
