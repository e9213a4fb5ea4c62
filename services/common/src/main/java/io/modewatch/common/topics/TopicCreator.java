package io.modewatch.common.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics that are missing and leaves existing ones alone, so running it again (every
 * service does at start) is a no-op. It never changes an existing topic's partitions or configs:
 * that is an operator's decision.
 */
public final class TopicCreator {

    /** What one run did. */
    public record Outcome(List<String> created, List<String> alreadyPresent) {
    }

    private final Admin admin;
    private final int defaultPartitions;
    private final short replicationFactor;

    public TopicCreator(Admin admin, int defaultPartitions, short replicationFactor) {
        this.admin = admin;
        this.defaultPartitions = defaultPartitions;
        this.replicationFactor = replicationFactor;
    }

    public Outcome ensure(Collection<TopicSpec> specs) {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            List<String> present = new ArrayList<>();
            for (TopicSpec spec : specs) {
                if (existing.contains(spec.name())) {
                    present.add(spec.name());
                } else {
                    missing.add(new NewTopic(spec.name(), spec.partitions().orElse(defaultPartitions), replicationFactor)
                            .configs(Map.copyOf(spec.configs())));
                }
            }
            List<String> created = new ArrayList<>();
            var results = admin.createTopics(missing).values();
            for (var entry : results.entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    // Another instance created it between our listing and our request.
                    if (e.getCause() instanceof RetriableException) {
                        throw new DependencyUnavailableException("Could not create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + entry.getKey() + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                    present.add(entry.getKey());
                }
            }
            return new Outcome(List.copyOf(created), List.copyOf(present));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
                throw new IllegalStateException("The Kafka cluster refused this service: " + e.getCause().getMessage()
                        + " (check KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG and the"
                        + " user's ACLs)", e.getCause());
            }
            throw new DependencyUnavailableException("Could not list topics on the Kafka cluster: " + e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new DependencyUnavailableException("Could not list topics on the Kafka cluster: " + e.getMessage(), e);
        }
    }
}
