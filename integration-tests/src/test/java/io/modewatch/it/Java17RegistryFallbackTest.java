package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RegistryDistribution;
import io.modewatch.launcher.embedded.RuntimePorts;
import io.modewatch.schema.PromptEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A machine with only the JDK 17 that modewatch needs (Debian 12 ships no newer one) runs the
 * embedded runtime with the Java 17 registry server: it starts on this JVM's Java, registers every
 * schema, and serves the services' serdes.
 */
class Java17RegistryFallbackTest {

    @Test
    void theEmbeddedRuntimeWorksWithTheJava17RegistryRunOnJava17() throws Exception {
        Path java17Registry = SharedRuntime.registryHome().orElseThrow()
                .resolve(RegistryDistribution.JAVA17_DIRECTORY_NAME);
        assertThat(RegistryDistribution.at(java17Registry)).get()
                .satisfies(d -> assertThat(d.minimumJava()).isEqualTo(17));
        Path dir = Files.createTempDirectory("it-registry-java17-");
        Path thisJava = Path.of(System.getProperty("java.home"));
        var options = new EmbeddedRuntime.Options(dir, new RuntimePorts(0, 0, 0, 0), 1, Optional.of(java17Registry),
                Optional.of(thisJava), Duration.ofSeconds(120));
        String topic = ModewatchTopics.PROMPTS.name();
        PromptEvent event = PromptEvent.newBuilder().setPromptId("p-17").setScope("faq").setPrompt("Which Java?")
                .setModelRoute(null).setTimestamp(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setAttributes(Map.of()).build();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(options, System.out::println)) {
            var serde = new RegistryAvroSerdes(runtime.registryUrl()).valueSerde(PromptEvent.class);
            byte[] bytes = serde.serializer().serialize(topic, event);
            Records.produce(runtime.bootstrapServers(), topic,
                    List.of(new ProducerRecord<>(topic, "p-17".getBytes(StandardCharsets.UTF_8), bytes)));
            var read = Records.readAtLeast(runtime.bootstrapServers(), topic, 1, Duration.ofSeconds(30));
            assertThat(serde.deserializer().deserialize(topic, read.get(0).value())).isEqualTo(event);
        }
    }
}
