package io.modewatch.common.topics;

import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.DeadLetter;
import io.modewatch.schema.ModeAlert;
import io.modewatch.schema.ModeValidation;
import io.modewatch.schema.PromptEvent;
import io.modewatch.schema.SampledContinuation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every topic of the system (DESIGN.md §2) in one place. */
public final class ModewatchTopics {

    private ModewatchTopics() {
    }

    private static final String WEEK_MS = Long.toString(Duration.ofDays(7).toMillis());
    private static final String MONTH_MS = Long.toString(Duration.ofDays(30).toMillis());

    public static final TopicSpec PROMPTS = spec("llm-prompts", "prompt id", PromptEvent.getClassSchema(), WEEK_MS);
    public static final TopicSpec CONTINUATIONS = spec("llm-continuations", "continuation id",
            SampledContinuation.getClassSchema(), WEEK_MS);
    public static final TopicSpec EMBEDDINGS = spec("continuation-embeddings", "scope",
            ContinuationEmbedding.getClassSchema(), WEEK_MS);
    public static final TopicSpec SIGNATURES = spec("continuation-signatures", "scope",
            ContinuationSignature.getClassSchema(), WEEK_MS);
    public static final TopicSpec ASSIGNMENTS = spec("continuation-assignments", "scope",
            ClusterAssignment.getClassSchema(), WEEK_MS);
    public static final TopicSpec DRIFT = spec("cluster-drift", "scope", ClusterDriftEvent.getClassSchema(), MONTH_MS);
    public static final TopicSpec ALERTS = spec("mode-alerts", "scope", ModeAlert.getClassSchema(), MONTH_MS);
    public static final TopicSpec VALIDATIONS = spec("mode-validations", "scope", ModeValidation.getClassSchema(), MONTH_MS);

    /** The services that own a dead-letter topic, {@code <service>-dlq}. */
    public static final List<String> SERVICES = List.of("sampler", "embedder", "attributor", "clusterer",
            "auditor", "notifier");

    public static TopicSpec deadLetter(String service) {
        return spec(service + "-dlq", "the failed record's original key bytes", DeadLetter.getClassSchema(), MONTH_MS);
    }

    /** The data topics and every service's dead-letter topic. */
    public static List<TopicSpec> all() {
        List<TopicSpec> data = List.of(PROMPTS, CONTINUATIONS, EMBEDDINGS, SIGNATURES, ASSIGNMENTS, DRIFT, ALERTS,
                VALIDATIONS);
        return java.util.stream.Stream.concat(data.stream(), SERVICES.stream().map(ModewatchTopics::deadLetter))
                .toList();
    }

    private static TopicSpec spec(String name, String key, org.apache.avro.Schema schema, String retentionMs) {
        return new TopicSpec(name, key, schema, Optional.empty(),
                Map.of("cleanup.policy", "delete", "retention.ms", retentionMs));
    }
}
