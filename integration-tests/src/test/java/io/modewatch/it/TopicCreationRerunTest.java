package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.topics.StartupPatience;
import io.modewatch.common.topics.TopicBootstrap;
import io.modewatch.common.topics.TopicSpec;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.PromptEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

class TopicCreationRerunTest {

    @Test
    void runningTopicCreationAgainCreatesNothingAndKeepsSchemaIds() throws Exception {
        var runtime = SharedRuntime.get();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        List<TopicSpec> specs = List.of(
                new TopicSpec("it-a-" + suffix, "id", PromptEvent.getClassSchema(), Optional.empty(),
                        Map.of("retention.ms", "3600000")),
                new TopicSpec("it-b-" + suffix, "scope", ClusterDriftEvent.getClassSchema(), Optional.of(4), Map.of()));

        var first = TopicBootstrap.ensure(runtime.kafkaProperties(), runtime.registryUrl(), 2, (short) 1, specs, StartupPatience.NONE);
        var second = TopicBootstrap.ensure(runtime.kafkaProperties(), runtime.registryUrl(), 2, (short) 1, specs, StartupPatience.NONE);

        assertThat(first.topics().created()).containsExactlyInAnyOrder("it-a-" + suffix, "it-b-" + suffix);
        assertThat(second.topics().created()).isEmpty();
        assertThat(second.topics().alreadyPresent()).containsExactlyInAnyOrder("it-a-" + suffix, "it-b-" + suffix);
        assertThat(second.schemaIds()).isEqualTo(first.schemaIds());
        try (Admin admin = Admin.create(runtime.kafkaProperties())) {
            var described = admin.describeTopics(List.of("it-a-" + suffix, "it-b-" + suffix)).allTopicNames().get();
            assertThat(described.get("it-a-" + suffix).partitions()).hasSize(2);
            assertThat(described.get("it-b-" + suffix).partitions()).as("a pinned partition count wins").hasSize(4);
        }
    }
}
