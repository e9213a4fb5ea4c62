package io.modewatch.launcher.demo;

import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.ModeAlert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The demo's view of the output topics, as any downstream consumer would read them: enriched
 * continuations (for ground truth and the semantic-only comparison), assignments (clusters per
 * scope) and alerts (printed as they arrive).
 */
final class DemoObserver implements Runnable, AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<ContinuationEmbedding> embeddings;
    private final Deserializer<ContinuationSignature> signatures;
    private final Deserializer<ClusterAssignment> assignments;
    private final Deserializer<ModeAlert> alerts;
    private final Consumer<ModeAlert> onAlert;
    private final Thread thread = new Thread(this, "demo-observer");

    private final Map<String, ContinuationEmbedding> embeddingById = new HashMap<>();
    private final Map<String, ContinuationSignature> signatureById = new HashMap<>();
    private final List<ClusterAssignment> assignmentLog = new ArrayList<>();
    private final List<ModeAlert> alertLog = new ArrayList<>();
    private final Map<String, Long> counts = new TreeMap<>();
    private final boolean keepRecords;
    private volatile boolean running = true;

    /**
     * @param keepRecords keep every embedding, signature and assignment for scoring (the demo); a
     *                    benchmark that runs for long only counts, so that its heap figures are the
     *                    services' and not this observer's
     */
    DemoObserver(Map<String, Object> kafka, RegistryAvroSerdes serdes, Consumer<ModeAlert> onAlert, boolean keepRecords) {
        this.keepRecords = keepRecords;
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "modewatch-demo-observer-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        embeddings = serdes.valueSerde(ContinuationEmbedding.class).deserializer();
        signatures = serdes.valueSerde(ContinuationSignature.class).deserializer();
        assignments = serdes.valueSerde(ClusterAssignment.class).deserializer();
        alerts = serdes.valueSerde(ModeAlert.class).deserializer();
        this.onAlert = onAlert;
    }

    void start() {
        List<String> topics = new ArrayList<>(List.of(ModewatchTopics.CONTINUATIONS.name(),
                ModewatchTopics.EMBEDDINGS.name(), ModewatchTopics.SIGNATURES.name(), ModewatchTopics.ASSIGNMENTS.name(),
                ModewatchTopics.ALERTS.name()));
        ModewatchTopics.SERVICES.forEach(service -> topics.add(ModewatchTopics.deadLetter(service).name()));
        consumer.subscribe(topics);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        try {
            while (running) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    String topic = r.topic();
                    synchronized (this) {
                        counts.merge(topic, 1L, Long::sum);
                        if (topic.equals(ModewatchTopics.CONTINUATIONS.name()) || topic.endsWith("-dlq")
                                || (!keepRecords && !topic.equals(ModewatchTopics.ALERTS.name()))) {
                            continue;
                        }
                        if (topic.equals(ModewatchTopics.EMBEDDINGS.name())) {
                            var e = embeddings.deserialize(topic, r.headers(), r.value());
                            embeddingById.put(e.getContinuationId(), e);
                        } else if (topic.equals(ModewatchTopics.SIGNATURES.name())) {
                            var s = signatures.deserialize(topic, r.headers(), r.value());
                            signatureById.put(s.getContinuationId(), s);
                        } else if (topic.equals(ModewatchTopics.ASSIGNMENTS.name())) {
                            assignmentLog.add(assignments.deserialize(topic, r.headers(), r.value()));
                        } else {
                            ModeAlert alert = alerts.deserialize(topic, r.headers(), r.value());
                            alertLog.add(alert);
                            onAlert.accept(alert);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /** Records read per topic so far. */
    synchronized long count(String topic) {
        return counts.getOrDefault(topic, 0L);
    }

    synchronized long deadLetters() {
        return counts.entrySet().stream().filter(e -> e.getKey().endsWith("-dlq")).mapToLong(Map.Entry::getValue).sum();
    }

    synchronized Map<String, Long> deadLettersByTopic() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((topic, n) -> {
            if (topic.endsWith("-dlq")) {
                out.put(topic, n);
            }
        });
        return out;
    }

    synchronized int embeddingCount() {
        return embeddingById.size();
    }

    synchronized int signatureCount() {
        return signatureById.size();
    }

    synchronized int assignmentCount() {
        return assignmentLog.size();
    }

    synchronized List<ModeAlert> alerts() {
        return List.copyOf(alertLog);
    }

    synchronized List<ClusterAssignment> assignments() {
        return List.copyOf(assignmentLog);
    }

    synchronized ContinuationEmbedding embedding(String id) {
        return embeddingById.get(id);
    }

    synchronized ContinuationSignature signature(String id) {
        return signatureById.get(id);
    }

    /** Continuations per component, per scope, over the last {@code window} assignments of each scope. */
    synchronized Map<String, Map<Long, Integer>> recentClusters(int window) {
        Map<String, List<ClusterAssignment>> byScope = new LinkedHashMap<>();
        for (ClusterAssignment a : assignmentLog) {
            byScope.computeIfAbsent(a.getScope(), s -> new ArrayList<>()).add(a);
        }
        Map<String, Map<Long, Integer>> out = new TreeMap<>();
        byScope.forEach((scope, list) -> {
            Map<Long, Integer> counts = new TreeMap<>();
            for (ClusterAssignment a : list.subList(Math.max(0, list.size() - window), list.size())) {
                counts.merge(a.getComponentId(), 1, Integer::sum);
            }
            out.put(scope, counts);
        });
        return out;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
