package io.modewatch.common.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modewatch.schema.PromptEvent;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModewatchTopicsTest {

    @Test
    void everyServiceHasADeadLetterTopicAndNamesAreUnique() {
        var names = ModewatchTopics.all().stream().map(TopicSpec::name).toList();
        assertThat(names).doesNotHaveDuplicates()
                .contains("llm-prompts", "llm-continuations", "continuation-embeddings", "continuation-signatures",
                        "continuation-assignments", "cluster-drift", "mode-alerts", "mode-validations",
                        "sampler-dlq", "embedder-dlq", "attributor-dlq", "clusterer-dlq");
    }

    @Test
    void subjectsFollowTheTopicNameStrategy() {
        assertThat(ModewatchTopics.ALERTS.valueSubject()).isEqualTo("mode-alerts-value");
    }

    @Test
    void topicNamesMustBeKebabCase() {
        assertThatThrownBy(() -> new TopicSpec("Mode_Alerts", "k", PromptEvent.getClassSchema(), Optional.empty(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
