package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.schema.PromptEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class UpStateSurvivesRestartTest {

    @Test
    void asecondStartOnTheSameStateDirectoryResumesTopicsRecordsSchemaIdsAndAddresses() throws Exception {
        Path dir = Files.createTempDirectory("it-up-restart-");
        String topic = ModewatchTopics.PROMPTS.name();
        PromptEvent event = PromptEvent.newBuilder().setPromptId("kept-1").setScope("faq").setPrompt("Still there?")
                .setModelRoute(null).setTimestamp(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setAttributes(Map.of()).build();

        String bootstrap;
        String registry;
        int schemaId;
        try (EmbeddedRuntime first = EmbeddedRuntime.start(SharedRuntime.options(dir), System.out::println)) {
            bootstrap = first.bootstrapServers();
            registry = first.registryUrl().toString();
            byte[] bytes = new RegistryAvroSerdes(first.registryUrl()).valueSerde(PromptEvent.class).serializer()
                    .serialize(topic, event);
            schemaId = ByteBuffer.wrap(bytes, 1, 4).getInt();
            Records.produce(bootstrap, topic, List.of(new ProducerRecord<>(topic, "kept-1".getBytes(StandardCharsets.UTF_8), bytes)));
        }

        try (EmbeddedRuntime second = EmbeddedRuntime.start(SharedRuntime.options(dir), System.out::println)) {
            assertThat(second.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(second.registryUrl().toString()).isEqualTo(registry);
            var read = Records.readAtLeast(second.bootstrapServers(), topic, 1, Duration.ofSeconds(30));
            assertThat(read).hasSize(1);
            byte[] value = read.get(0).value();
            assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isEqualTo(schemaId);
            var fresh = new RegistryAvroSerdes(second.registryUrl()).valueSerde(PromptEvent.class);
            assertThat(fresh.deserializer().deserialize(topic, value)).isEqualTo(event);
            assertThat(ByteBuffer.wrap(fresh.serializer().serialize(topic, event), 1, 4).getInt())
                    .as("the registry kept its ids, so new records carry the same id").isEqualTo(schemaId);
        }
    }
}
