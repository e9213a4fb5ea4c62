package io.modewatch.common.topics;

import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * What modewatch needs to know about one topic: its name, what its key means, the Avro schema of
 * its value (registered under the subject {@code <name>-value}) and the topic-level configs it is
 * created with. Partition count and replication come from the service environment unless pinned.
 *
 * @param partitions  a fixed partition count, or empty to use the environment's default
 * @param configs     topic configs such as {@code cleanup.policy} or {@code retention.ms}
 */
public record TopicSpec(String name, String keyDescription, Schema valueSchema,
                        Optional<Integer> partitions, Map<String, String> configs) {

    public TopicSpec {
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("topic names are kebab-case: " + name);
        }
        configs = Map.copyOf(configs);
    }

    public String valueSubject() {
        return name + "-value";
    }
}
