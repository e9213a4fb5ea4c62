package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.StartupPatience;
import io.modewatch.common.topics.TopicBootstrap;
import io.modewatch.common.topics.TopicSpec;
import io.modewatch.schema.Exemplar;
import io.modewatch.schema.ModeAlert;
import io.modewatch.schema.NoveltyKind;
import io.modewatch.schema.TopUnit;
import io.modewatch.schema.ViewDistances;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AvroRoundTripThroughRegistryTest {

    @Test
    void aRecordWithNestedTypesSurvivesTheRoundTripInTheConfluentWireFormat() throws Exception {
        var runtime = SharedRuntime.get();
        String topic = "it-alerts-" + UUID.randomUUID().toString().substring(0, 8);
        TopicSpec spec = new TopicSpec(topic, "scope", ModeAlert.getClassSchema(), Optional.empty(), Map.of());
        var bootstrap = TopicBootstrap.ensure(runtime.kafkaProperties(), runtime.registryUrl(), 1, (short) 1, List.of(spec),
                StartupPatience.NONE);
        int registeredId = bootstrap.schemaIds().get(topic + "-value");

        var serde = new RegistryAvroSerdes(runtime.registryUrl()).valueSerde(ModeAlert.class);
        ModeAlert alert = alert();
        byte[] bytes = serde.serializer().serialize(topic, alert);
        Records.produce(runtime.bootstrapServers(), topic, List.of(new ProducerRecord<>(topic, "scope-a".getBytes(), bytes)));

        var read = Records.readAtLeast(runtime.bootstrapServers(), topic, 1, Duration.ofSeconds(30));
        assertThat(read).hasSize(1);
        byte[] value = read.get(0).value();
        assertThat(value[0]).as("magic byte").isEqualTo((byte) 0);
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        assertThat(id).as("schema id in the payload is the id the registry gave at registration").isEqualTo(registeredId);
        assertThat(serde.deserializer().deserialize(topic, value)).isEqualTo(alert);

        // A Confluent-API client resolves the same id to the same schema.
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(runtime.registryUrl() + "/apis/ccompat/v7/schemas/ids/" + id)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String schemaJson = new ObjectMapper().readTree(body).get("schema").asText();
        assertThat(new Schema.Parser().parse(schemaJson)).isEqualTo(ModeAlert.getClassSchema());
    }

    private static ModeAlert alert() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return ModeAlert.newBuilder()
                .setAlertId("scope-a/7/1")
                .setScope("scope-a")
                .setComponentId(7L)
                .setParentId(2L)
                .setNoveltyKind(NoveltyKind.MECHANISTIC)
                .setShare(0.12)
                .setCount(40L)
                .setFirstSeen(now.minusSeconds(60))
                .setDetectedAt(now)
                .setExemplars(List.of(Exemplar.newBuilder().setContinuationId("c-1").setText("The code is 4417.")
                        .setWeight(0.8).build()))
                .setNearestSemanticReferenceId(1L)
                .setNearestMechanisticReferenceId(3L)
                .setReferenceDistances(ViewDistances.newBuilder().setSemantic(0.01).setMechanistic(2.5).build())
                .setThresholds(ViewDistances.newBuilder().setSemantic(0.3).setMechanistic(1.0).build())
                .setTopUnits(List.of(TopUnit.newBuilder().setUnitIndex(130).setUnitLabel("L2.N2").setAttribution(0.7).build()))
                .setSignatureSpaceId("mlp-neurons")
                .setModelId("tiny-gpt")
                .setModelVersion("1")
                .build();
    }
}
