package io.modewatch.common.topics;

import io.modewatch.common.serde.RegistryConnection;
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

    /** @param patience how long to keep trying while the broker or the registry does not answer */
    public static Result ensure(Map<String, ?> kafkaProperties, URI registryUrl, int partitions,
                                short replicationFactor, List<TopicSpec> topics, StartupPatience patience) {
        return ensure(kafkaProperties, RegistryConnection.anonymous(registryUrl), partitions, replicationFactor, topics,
                patience);
    }

    public static Result ensure(Map<String, ?> kafkaProperties, RegistryConnection registry, int partitions,
                                short replicationFactor, List<TopicSpec> topics, StartupPatience patience) {
        TopicCreator.Outcome outcome;
        try (Admin admin = Admin.create(new HashMap<String, Object>(kafkaProperties))) {
            var creator = new TopicCreator(admin, partitions, replicationFactor);
            outcome = patience.retry("create the topics on " + kafkaProperties.get("bootstrap.servers"),
                    () -> creator.ensure(topics));
        }
        var registrar = new SchemaRegistrar(registry);
        return new Result(outcome, patience.retry("register the schemas at " + registry.url(),
                () -> registrar.registerAll(topics)));
    }
}
