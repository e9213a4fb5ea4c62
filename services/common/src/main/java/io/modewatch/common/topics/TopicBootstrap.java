package io.modewatch.common.topics;

import io.modewatch.common.serde.SchemaRegistrar;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * What every service (and the embedded runtime) does before it processes anything: create the
 * missing topics and register their value schemas. Both steps are idempotent.
 */
public final class TopicBootstrap {

    /** What one run found and did. */
    public record Result(TopicCreator.Outcome topics, Map<String, Integer> schemaIds) {
    }

    private TopicBootstrap() {
    }

    public static Result ensure(Map<String, ?> kafkaProperties, URI registryUrl, int partitions,
                                short replicationFactor, List<TopicSpec> topics) {
        TopicCreator.Outcome outcome;
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafkaProperties))) {
            outcome = new TopicCreator(admin, partitions, replicationFactor).ensure(topics);
        }
        return new Result(outcome, new SchemaRegistrar(registryUrl).registerAll(topics));
    }
}
