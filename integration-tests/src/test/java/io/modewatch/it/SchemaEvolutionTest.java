package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.serde.SchemaRegistrar;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.sampler.SamplerApp;
import io.modewatch.sampler.SamplerConfig;
import io.modewatch.schema.PromptEvent;
import io.modewatch.schema.SampledContinuation;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A producer team adds an optional field to the prompt schema while the sampler runs: the registry
 * takes the new version (BACKWARD compatible) and refuses a breaking one; records of both versions,
 * mixed on one topic, are all sampled by the running sampler (which reads with the old schema), and
 * a consumer that already knows the new version reads the old records with the field's default.
 */
class SchemaEvolutionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oldAndNewProducersMixedOnOneTopicAreReadByConsumersOfBothVersions() throws Exception {
        var runtime = SharedRuntime.get();
        String run = "it-evolve-" + UUID.randomUUID().toString().substring(0, 8);
        String promptTopic = run + "-prompts";
        String continuationTopic = run + "-continuations";
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", runtime.bootstrapServers());
        env.put(CommonSettings.REGISTRY_URL.name(), runtime.registryUrl().toString());
        env.put(CommonSettings.HTTP_PORT.name(), "0");
        env.put(CommonSettings.STATE_DIR.name(), Files.createTempDirectory("it-evolve-").toString());
        env.put("MODEWATCH_PROMPTS_TOPIC", promptTopic);
        env.put("MODEWATCH_CONTINUATIONS_TOPIC", continuationTopic);
        env.put("MODEWATCH_CONTINUATIONS_PER_PROMPT", "1");
        SamplerConfig config = SamplerConfig.from(env);

        try (DecoderLm model = config.loadModel(); var sampler = SamplerApp.start(config, model)) {
            await().atMost(Duration.ofSeconds(60)).until(sampler::ready);
            String subject = promptTopic + "-value";
            var registrar = new SchemaRegistrar(runtime.registryUrl());

            // Version 2: one more field, optional with a default.
            Schema v2 = withField(PromptEvent.getClassSchema(), "client_version", "[\"null\", \"string\"]", true);
            int v2Id = registrar.register(subject, v2.toString());
            // Version 3 would break old readers' view of new data: a required field without a default.
            Schema broken = withField(v2, "tenant_tier", "\"string\"", false);
            assertThatThrownBy(() -> registrar.register(subject, broken.toString()))
                    .as("the registry refuses a change that is not BACKWARD compatible").hasMessageContaining("409");

            var v1Serializer = new RegistryAvroSerdes(runtime.registryUrl()).valueSerde(PromptEvent.class).serializer();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            String prompt = "q : what is the code of the red door ? a :";
            for (int i = 0; i < 6; i++) {
                String id = run + "-" + i;
                byte[] value;
                if (i % 2 == 0) {
                    value = v1Serializer.serialize(promptTopic, PromptEvent.newBuilder().setPromptId(id).setPrompt(prompt)
                            .setScope("evolve").setModelRoute(null).setTimestamp(java.time.Instant.now())
                            .setAttributes(Map.of()).build());
                } else {
                    GenericRecord r = new GenericData.Record(v2);
                    r.put("prompt_id", id);
                    r.put("prompt", prompt);
                    r.put("scope", "evolve");
                    r.put("timestamp", System.currentTimeMillis());
                    r.put("attributes", Map.of());
                    r.put("client_version", "2.1");
                    value = wireFormat(v2Id, v2, r);
                }
                records.add(new ProducerRecord<>(promptTopic, id.getBytes(StandardCharsets.UTF_8), value));
            }
            Records.produce(runtime.bootstrapServers(), promptTopic, records);

            // The running sampler (an old-version consumer) samples every prompt of both versions.
            var continuations = new RegistryAvroSerdes(runtime.registryUrl()).valueSerde(SampledContinuation.class).deserializer();
            Set<String> sampled = Set.of();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (sampled.size() < 6 && System.nanoTime() < deadline) {
                sampled = Records.readAtLeast(runtime.bootstrapServers(), continuationTopic, 6, Duration.ofSeconds(5)).stream()
                        .map(r -> continuations.deserialize(continuationTopic, r.value()).getPromptId())
                        .collect(Collectors.toSet());
            }
            assertThat(sampled).as("prompts of both versions sampled").hasSize(6);
            assertThat(Records.readAtLeast(runtime.bootstrapServers(), ModewatchTopics.deadLetter("sampler").name(),
                    Integer.MAX_VALUE, Duration.ofSeconds(3)).stream()
                    .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).startsWith(run)))
                    .as("none of them dead-lettered").isEmpty();

            // A consumer that knows version 2 reads every record: the old ones with the field's default.
            Map<String, Object> versions = new TreeMap<>();
            for (var r : Records.readAtLeast(runtime.bootstrapServers(), promptTopic, 6, Duration.ofSeconds(10))) {
                ByteBuffer buffer = ByteBuffer.wrap(r.value());
                assertThat(buffer.get()).isZero();
                Schema writer = new Schema.Parser().parse(schemaById(runtime.registryUrl(), buffer.getInt()));
                GenericRecord read = new GenericDatumReader<GenericRecord>(writer, v2).read(null,
                        DecoderFactory.get().binaryDecoder(r.value(), 5, r.value().length - 5, null));
                versions.put(read.get("prompt_id").toString(), read.get("client_version"));
            }
            assertThat(versions).hasSize(6);
            versions.forEach((id, clientVersion) -> {
                int i = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
                assertThat(clientVersion == null ? null : clientVersion.toString()).as("client_version of %s", id)
                        .isEqualTo(i % 2 == 0 ? null : "2.1");
            });
        }
    }

    /** The schema with one more field; with a null default when {@code optional}. */
    private static Schema withField(Schema schema, String name, String type, boolean optional) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(schema.toString());
        ObjectNode field = JSON.createObjectNode().put("name", name);
        field.set("type", JSON.readTree(type));
        if (optional) {
            field.putNull("default");
        }
        ((ArrayNode) json.get("fields")).add(field);
        return new Schema.Parser().parse(json.toString());
    }

    private static byte[] wireFormat(int schemaId, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        var encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static String schemaById(URI registry, int id) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(registry + "/apis/ccompat/v7/schemas/ids/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("schema %d: %s", id, r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("schema").asText();
    }
}
