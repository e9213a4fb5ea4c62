package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.clusterer.CoPartitioning;
import io.modewatch.common.config.ConfigException;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class CoPartitioningCheckTest {

    @Test
    void topicsWithDifferentPartitionCountsAreRefusedWithBothCountsAndAlikeOnesOrMissingOnesPass() throws Exception {
        var runtime = SharedRuntime.get();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String three = "it-halves-3-" + suffix;
        String two = "it-halves-2-" + suffix;
        String threeAgain = "it-halves-3b-" + suffix;
        try (Admin admin = Admin.create(runtime.kafkaProperties())) {
            admin.createTopics(List.of(new NewTopic(three, 3, (short) 1), new NewTopic(two, 2, (short) 1),
                    new NewTopic(threeAgain, 3, (short) 1))).all().get();
        }
        var kafka = runtime.kafkaProperties().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey(), e -> String.valueOf(e.getValue())));

        assertThatThrownBy(() -> CoPartitioning.require(kafka, three, two))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(three + " has 3 partitions but " + two + " has 2");
        assertThatCode(() -> CoPartitioning.require(kafka, three, threeAgain)).doesNotThrowAnyException();
        assertThatCode(() -> CoPartitioning.require(kafka, three, "it-missing-" + suffix)).doesNotThrowAnyException();
    }
}
