package io.modewatch.launcher.demo;

import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.models.world.TrafficEvent;
import io.modewatch.schema.PromptEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the synthetic world's traffic script onto the prompt topic as a gateway would: Avro
 * through the registry, keyed by prompt id, with the ground truth in the attributes.
 */
final class WorldTraffic implements AutoCloseable {

    final AtomicLong produced = new AtomicLong();
    private final KafkaProducer<String, PromptEvent> producer;

    WorldTraffic(Map<String, Object> kafka, Serializer<PromptEvent> serializer) {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(props, new StringSerializer(), serializer);
    }

    static String promptId(TrafficEvent e) {
        return "world-" + e.sequence();
    }

    void send(TrafficEvent e) {
        PromptEvent event = PromptEvent.newBuilder()
                .setPromptId(promptId(e))
                .setScope(e.scope())
                .setPrompt(e.prompt())
                .setModelRoute(null)
                .setTimestamp(Instant.ofEpochMilli(e.eventTimeMs()))
                .setAttributes(e.attributes())
                .build();
        producer.send(new ProducerRecord<>(ModewatchTopics.PROMPTS.name(), event.getPromptId(), event));
        produced.incrementAndGet();
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
