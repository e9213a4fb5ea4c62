package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modewatch.attributor.AttributorApp;
import io.modewatch.attributor.AttributorConfig;
import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.signature.UnitSpace;
import io.modewatch.embedder.EmbedderApp;
import io.modewatch.embedder.EmbedderConfig;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.world.DoorWorld;
import io.modewatch.models.world.TrafficEvent;
import io.modewatch.sampler.SamplerApp;
import io.modewatch.sampler.SamplerConfig;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.DeadLetter;
import io.modewatch.schema.DeadLetterStage;
import io.modewatch.schema.PromptEvent;
import io.modewatch.schema.SampledContinuation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Sampler, embedder and attributor against the real broker and registry with the committed tiny
 * model and the real MiniLM: every continuation sampled from the prompts gets an embedding and a
 * signature, and what cannot be processed is in a dead-letter topic with its reason. Data topics are
 * this test's own; the dead-letter topics are shared, so it only looks at records whose ids it made.
 */
class ModelServicesPipelineTest {

    @Test
    void promptsBecomeContinuationsAndEveryContinuationGetsAnEmbeddingAndASignatureOrADeadLetter() throws Exception {
        var runtime = SharedRuntime.get();
        String run = "it-models-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> common = new HashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", runtime.bootstrapServers());
        common.put(CommonSettings.REGISTRY_URL.name(), runtime.registryUrl().toString());
        common.put(CommonSettings.HTTP_PORT.name(), "0");
        common.put(CommonSettings.HTTP_HOST.name(), "127.0.0.1");
        common.put(CommonSettings.STATE_DIR.name(), Files.createTempDirectory("it-models-").toString());
        common.put(CommonSettings.TOPIC_PARTITIONS.name(), "2");
        // Topics of this test only (the SharedRuntime contract); dead-letter topics are per service and shared.
        String promptTopic = run + "-prompts";
        String continuationTopic = run + "-continuations";
        String embeddingTopic = run + "-embeddings";
        String signatureTopic = run + "-signatures";
        common.put("MODEWATCH_CONTINUATIONS_TOPIC", continuationTopic);

        SamplerConfig samplerConfig = SamplerConfig.from(with(common, "MODEWATCH_PROMPTS_TOPIC", promptTopic,
                "MODEWATCH_CONTINUATIONS_PER_PROMPT", "2",
                "MODEWATCH_BATCH_SIZE", "4"));
        EmbedderConfig embedderConfig = EmbedderConfig.from(with(common, "MODEWATCH_EMBEDDINGS_TOPIC", embeddingTopic,
                "MODEWATCH_BATCH_SIZE", "8"));
        AttributorConfig attributorConfig = AttributorConfig.from(with(common, "MODEWATCH_SIGNATURES_TOPIC", signatureTopic,
                "MODEWATCH_BATCH_SIZE", "8",
                "MODEWATCH_TOP_K", "32"));

        List<TrafficEvent> traffic = new DoorWorld(DoorWorld.DEFAULT_SEED).timeline(6, 1_700_000_000_000L, 1000);
        List<PromptEvent> prompts = new ArrayList<>();
        for (TrafficEvent e : traffic) {
            prompts.add(PromptEvent.newBuilder().setPromptId(run + "-" + e.sequence()).setPrompt(e.prompt())
                    .setScope(run + "-" + e.scope()).setTimestamp(Instant.ofEpochMilli(e.eventTimeMs()))
                    .setAttributes(e.attributes()).build());
        }
        String tooLongId = run + "-too-long";
        prompts.add(PromptEvent.newBuilder().setPromptId(tooLongId).setPrompt(String.join(" ", Collections.nCopies(80, "door")))
                .setTimestamp(Instant.ofEpochMilli(1_700_000_010_000L)).setAttributes(Map.of()).build());

        // One model instance for the sampler and the attributor, as the launcher runs them in one JVM.
        try (DecoderLm model = samplerConfig.loadModel();
                var sampler = SamplerApp.start(samplerConfig, model);
                var attributor = AttributorApp.start(attributorConfig, model);
                var embedder = EmbedderApp.start(embedderConfig)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> sampler.ready() && attributor.ready() && embedder.ready());

            var serdes = new RegistryAvroSerdes(runtime.registryUrl());
            var serializer = serdes.valueSerde(PromptEvent.class).serializer();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (PromptEvent p : prompts) {
                records.add(new ProducerRecord<>(promptTopic, bytes(p.getPromptId()), serializer.serialize(promptTopic, p)));
            }
            // A continuation of another model: the attributor must refuse it, the embedder need not.
            String foreignId = run + "-foreign/0";
            SampledContinuation foreign = foreignContinuation(foreignId, run);
            records.add(new ProducerRecord<>(continuationTopic, bytes(foreignId),
                    serdes.valueSerde(SampledContinuation.class).serializer().serialize(continuationTopic, foreign)));
            Records.produce(runtime.bootstrapServers(), promptTopic, records);

            try (Collected seen = new Collected(run, runtime.bootstrapServers(), serdes,
                    List.of(continuationTopic, embeddingTopic, signatureTopic))) {
                Set<String> sampledPrompts = prompts.stream().map(PromptEvent::getPromptId)
                        .filter(id -> !id.equals(tooLongId)).collect(java.util.stream.Collectors.toSet());
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    seen.poll();
                    boolean everyPromptSampled = sampledPrompts.stream().allMatch(id -> seen.continuations.values().stream()
                            .anyMatch(c -> c.getPromptId().equals(id)));
                    boolean everyContinuationDone = seen.continuations.keySet().stream().allMatch(id ->
                            (seen.embeddings.containsKey(id) || seen.deadLetters.containsKey("embedder:" + id))
                                    && (seen.signatures.containsKey(id) || seen.deadLetters.containsKey("attributor:" + id)));
                    return everyPromptSampled && everyContinuationDone && seen.deadLetters.containsKey("sampler:" + tooLongId);
                });
                // A little longer: anything produced twice, or late, shows up now.
                long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                while (System.nanoTime() < until) {
                    seen.poll();
                }

                assertThat(seen.duplicates).as("exactly once").isEmpty();
                Map<String, SampledContinuation> ours = new HashMap<>(seen.continuations);
                ours.remove(foreignId);
                assertThat(ours).isNotEmpty();
                var shape = model.config();
                int units = shape.layers() * (shape.intermediateSize()
                        + (attributorConfig.attribution().attentionHeads() ? shape.heads() : 0));
                for (SampledContinuation c : ours.values()) {
                    assertThat(c.getContinuationId()).startsWith(c.getPromptId() + "/");
                    assertThat(c.getWeight()).isGreaterThan(0).isLessThanOrEqualTo(1);
                    assertThat(c.getAttributes()).containsKeys("variant", "mechanism");
                    ContinuationEmbedding e = seen.embeddings.get(c.getContinuationId());
                    assertThat(e).as("embedding of %s", c.getContinuationId()).isNotNull();
                    assertThat(e.getDimension()).isEqualTo(384);
                    assertThat(e.getWeight()).isEqualTo(c.getWeight());
                    assertThat(e.getScope()).isEqualTo(c.getScope());
                    assertThat(e.getText()).isEqualTo(c.getContinuation());
                    ContinuationSignature s = seen.signatures.get(c.getContinuationId());
                    assertThat(s).as("signature of %s", c.getContinuationId()).isNotNull();
                    assertThat(s.getDimension()).isEqualTo(units);
                    assertThat(s.getSignatureSpaceId()).isEqualTo(new UnitSpace(shape.layers(), shape.intermediateSize(),
                            attributorConfig.attribution().attentionHeads() ? shape.heads() : 0).id());
                    assertThat(s.getIndices()).hasSize(32).isSorted().doesNotHaveDuplicates();
                    assertThat(s.getWeight()).isEqualTo(c.getWeight());
                    assertThat(s.getTimestamp()).isEqualTo(c.getSampledTimestamp());
                }
                DeadLetter tooLong = seen.deadLetters.get("sampler:" + tooLongId);
                assertThat(tooLong.getStage()).isEqualTo(DeadLetterStage.VALIDATION);
                assertThat(tooLong.getErrorMessage()).contains("exceeds the model's context");
                DeadLetter mismatch = seen.deadLetters.get("attributor:" + foreignId);
                assertThat(mismatch.getStage()).isEqualTo(DeadLetterStage.VALIDATION);
                assertThat(mismatch.getErrorMessage()).contains("'someone-elses-model'").contains("'"
                        + attributorConfig.modelId() + "'");
                assertThat(seen.embeddings).containsKey(foreignId);
                assertThat(seen.deadLetters.keySet()).as("nothing else of ours was dead-lettered")
                        .containsExactlyInAnyOrder("sampler:" + tooLongId, "attributor:" + foreignId);
                assertThat(sampler.metrics().scrape()).contains("modewatch_sampler_prompts_total").contains("records_lag_max");
            }
        }
    }

    private static SampledContinuation foreignContinuation(String id, String run) {
        return SampledContinuation.newBuilder().setContinuationId(id).setPromptId(run + "-foreign").setScope(run + "-x")
                .setSampleIndex(0).setModelId("someone-elses-model").setModelVersion("7").setPrefix("q : hello ? a :")
                .setContinuation("the code is 1234").setTokenIds(List.of(1, 2)).setTokenLogprobs(List.of(-0.1f, -0.1f))
                .setWeight(0.9)
                .setSampling(io.modewatch.schema.SamplingParameters.newBuilder().setTemperature(1).setTopP(0.9)
                        .setMaxNewTokens(20).setSeed(1).build())
                .setPromptTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
                .setSampledTimestamp(Instant.ofEpochMilli(1_700_000_001_000L)).setAttributes(Map.of()).build();
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything of this run on the output and dead-letter topics, read committed from the beginning. */
    private static final class Collected implements AutoCloseable {
        final Map<String, SampledContinuation> continuations = new ConcurrentHashMap<>();
        final Map<String, ContinuationEmbedding> embeddings = new ConcurrentHashMap<>();
        final Map<String, ContinuationSignature> signatures = new ConcurrentHashMap<>();
        /** Keyed "service:original key". */
        final Map<String, DeadLetter> deadLetters = new ConcurrentHashMap<>();
        final List<String> duplicates = new ArrayList<>();
        private final String run;
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final RegistryAvroSerdes serdes;
        private final String continuationTopic;
        private final String embeddingTopic;
        private final String signatureTopic;

        Collected(String run, String bootstrap, RegistryAvroSerdes serdes, List<String> dataTopics) {
            this.continuationTopic = dataTopics.get(0);
            this.embeddingTopic = dataTopics.get(1);
            this.signatureTopic = dataTopics.get(2);
            this.run = run;
            this.serdes = serdes;
            consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<String> topics = new ArrayList<>(dataTopics);
            topics.addAll(List.of("sampler-dlq", "embedder-dlq", "attributor-dlq"));
            consumer.subscribe(topics);
        }

        void poll() {
            for (var r : consumer.poll(Duration.ofMillis(300))) {
                String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                String topic = r.topic();
                // Embeddings and signatures are keyed by scope: their continuation id is in the value.
                ContinuationEmbedding embedding = topic.equals(embeddingTopic)
                        ? serdes.valueSerde(ContinuationEmbedding.class).deserializer().deserialize(topic, r.value()) : null;
                ContinuationSignature signature = topic.equals(signatureTopic)
                        ? serdes.valueSerde(ContinuationSignature.class).deserializer().deserialize(topic, r.value()) : null;
                if (embedding != null) {
                    key = embedding.getContinuationId();
                } else if (signature != null) {
                    key = signature.getContinuationId();
                }
                if (!key.startsWith(run)) {
                    continue;
                }
                Object previous;
                if (topic.endsWith("-dlq")) {
                    previous = deadLetters.put(topic.substring(0, topic.length() - "-dlq".length()) + ":" + key,
                            serdes.valueSerde(DeadLetter.class).deserializer().deserialize(topic, r.value()));
                } else if (topic.equals(continuationTopic)) {
                    previous = continuations.put(key,
                            serdes.valueSerde(SampledContinuation.class).deserializer().deserialize(topic, r.value()));
                } else if (embedding != null) {
                    previous = embeddings.put(key, embedding);
                } else {
                    previous = signatures.put(key, signature);
                }
                if (previous != null) {
                    duplicates.add(topic + ":" + key);
                }
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
