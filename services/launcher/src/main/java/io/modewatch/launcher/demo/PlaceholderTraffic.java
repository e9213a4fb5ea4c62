package io.modewatch.launcher.demo;

import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.schema.PromptEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Prompt traffic for the demo until the synthetic world drives it: a few scopes, mostly Avro
 * through the registry, some JSON as a gateway without the registry would send, and now and then
 * a malformed JSON prompt, so that the dead-letter path shows in the demo.
 */
final class PlaceholderTraffic implements AutoCloseable {

    private static final List<String> SCOPES = List.of("faq", "door-codes", "support");
    private static final List<String> PROMPTS = List.of(
            "What is the code for the north door?", "How do I reset my password?",
            "The note says the code is 4417. What is the code?", "Summarise the refund policy.");

    final AtomicLong avro = new AtomicLong();
    final AtomicLong json = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();

    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<PromptEvent> serializer;
    private final Random random;
    private final double jsonShare;
    private final double malformedShare;

    PlaceholderTraffic(Map<String, Object> kafka, Serializer<PromptEvent> serializer, long seed, double jsonShare,
                       double malformedShare) {
        Map<String, Object> props = new java.util.HashMap<>(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.serializer = serializer;
        this.random = new Random(seed);
        this.jsonShare = jsonShare;
        this.malformedShare = malformedShare;
    }

    long produced() {
        return avro.get() + json.get() + malformed.get();
    }

    /** Sends one prompt. */
    void sendOne() {
        long n = produced();
        String id = "demo-" + n;
        String scope = SCOPES.get(random.nextInt(SCOPES.size()));
        String prompt = PROMPTS.get(random.nextInt(PROMPTS.size()));
        String topic = ModewatchTopics.PROMPTS.name();
        double roll = random.nextDouble();
        byte[] value;
        if (roll < malformedShare) {
            // A gateway bug: the prompt text is missing.
            value = ("{\"prompt_id\":\"" + id + "\",\"scope\":\"" + scope + "\"}").getBytes(StandardCharsets.UTF_8);
            malformed.incrementAndGet();
        } else if (roll < malformedShare + jsonShare) {
            value = ("{\"prompt_id\":\"" + id + "\",\"scope\":\"" + scope + "\",\"prompt\":\"" + prompt + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            json.incrementAndGet();
        } else {
            PromptEvent event = PromptEvent.newBuilder().setPromptId(id).setScope(scope).setPrompt(prompt)
                    .setModelRoute(null).setTimestamp(Instant.now()).setAttributes(Map.of("source", "demo")).build();
            value = serializer.serialize(topic, event);
            avro.incrementAndGet();
        }
        producer.send(new ProducerRecord<>(topic, id, value));
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
