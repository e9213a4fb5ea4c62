package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.ServiceEnvironment;
import io.modewatch.common.config.Settings;
import io.modewatch.common.errors.DeadLetters;
import io.modewatch.common.serde.PromptEventDeserializer;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.streams.StreamsService;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.schema.DeadLetter;
import io.modewatch.schema.DeadLetterStage;
import io.modewatch.schema.PromptEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;

class PoisonRecordsGoToTheDeadLetterTopicTest {

    @Test
    void garbageAndInvalidJsonAreDeadLetteredWithTheirReasonWhileGoodRecordsAroundThemPass() throws Exception {
        var runtime = SharedRuntime.get();
        var avro = new RegistryAvroSerdes(runtime.registryUrl()).valueSerde(PromptEvent.class);
        String topic = ModewatchTopics.PROMPTS.name();
        byte[] garbage = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 7, 7};
        byte[] missingPrompt = "{\"prompt_id\":\"p-4\",\"scope\":\"faq\"}".getBytes(StandardCharsets.UTF_8);
        List<ProducerRecord<byte[], byte[]>> records = List.of(
                record(topic, "p-1", avro.serializer().serialize(topic, prompt("p-1", "faq"))),
                record(topic, "p-2", garbage),
                record(topic, "p-3", "{\"prompt_id\":\"p-3\",\"scope\":\"code\",\"prompt\":\"Fix this loop\"}"
                        .getBytes(StandardCharsets.UTF_8)),
                record(topic, "p-4", missingPrompt),
                record(topic, "p-5", avro.serializer().serialize(topic, prompt("p-5", "faq"))));

        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", runtime.bootstrapServers());
        env.put("KAFKA_COMMIT_INTERVAL_MS", "100");
        env.put(CommonSettings.REGISTRY_URL.name(), runtime.registryUrl().toString());
        env.put(CommonSettings.HTTP_PORT.name(), "0");
        env.put(CommonSettings.HTTP_HOST.name(), "127.0.0.1");
        env.put(CommonSettings.STATE_DIR.name(), Files.createTempDirectory("it-intake-").toString());
        ServiceEnvironment serviceEnv = ServiceEnvironment.from(PromptIntakeTopology.SERVICE, Settings.of(env, CommonSettings.ALL));
        var prompts = Serdes.serdeFrom(avro.serializer(), new PromptEventDeserializer(avro.deserializer()));

        try (StreamsService intake = new StreamsService(serviceEnv, "it-intake", PromptIntakeTopology.build(prompts),
                List.of(ModewatchTopics.PROMPTS), Map.of())) {
            intake.start();
            Records.produce(runtime.bootstrapServers(), topic, records);

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() ->
                    assertThat(counts(intake.streams())).isEqualTo(Map.of("faq", 2L, "code", 1L)));

            String dlq = ModewatchTopics.deadLetter(PromptIntakeTopology.SERVICE).name();
            var dead = Records.readAtLeast(runtime.bootstrapServers(), dlq, 2, Duration.ofSeconds(30));
            assertThat(dead).hasSize(2);
            Map<String, DeadLetter> byKey = new TreeMap<>();
            for (var r : dead) {
                byKey.put(new String(r.key(), StandardCharsets.UTF_8),
                        new RegistryAvroSerdes(runtime.registryUrl()).valueSerde(DeadLetter.class)
                                .deserializer().deserialize(dlq, r.value()));
                assertThat(new String(r.headers().lastHeader(DeadLetters.HEADER_ERROR_MESSAGE).value(),
                        StandardCharsets.UTF_8)).isNotBlank();
            }
            DeadLetter garbageLetter = byKey.get("p-2");
            assertThat(garbageLetter.getStage()).isEqualTo(DeadLetterStage.DESERIALIZATION);
            assertThat(garbageLetter.getErrorMessage()).contains("neither Avro").contains("JSON");
            assertThat(bytes(garbageLetter.getValue())).isEqualTo(garbage);
            assertThat(garbageLetter.getSourceTopic()).isEqualTo(topic);
            assertThat(garbageLetter.getService()).isEqualTo(PromptIntakeTopology.SERVICE);

            DeadLetter invalid = byKey.get("p-4");
            assertThat(invalid.getStage()).isEqualTo(DeadLetterStage.VALIDATION);
            assertThat(invalid.getErrorMessage()).contains("missing required field \"prompt\"");
            assertThat(bytes(invalid.getValue())).isEqualTo(missingPrompt);
            assertThat(invalid.getOffset()).isNotNull();

            // The service's endpoints: ready while processing, Kafka Streams and dead-letter metrics exported.
            var http = java.net.http.HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + intake.httpPort();
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health/live")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("kafka_stream_").contains("modewatch_dead_letters_total");
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        // One partition for all, so the order "good, poison, good" is the order the stream sees.
        return new ProducerRecord<>(topic, 0, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static PromptEvent prompt(String id, String scope) {
        return PromptEvent.newBuilder().setPromptId(id).setScope(scope).setPrompt("What is the north door code?")
                .setModelRoute(null).setTimestamp(Instant.now()).setAttributes(Map.of()).build();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static Map<String, Long> counts(KafkaStreams streams) {
        Map<String, Long> out = new TreeMap<>();
        var store = streams.store(StoreQueryParameters.fromNameAndType(PromptIntakeTopology.COUNTS_STORE,
                QueryableStoreTypes.<String, Long>keyValueStore()));
        try (var it = store.all()) {
            it.forEachRemaining(kv -> out.merge(kv.key, kv.value, Long::sum));
        }
        return out;
    }
}
