package io.modewatch.clusterer;

import io.modewatch.common.config.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The clusterer pairs a continuation's embedding and signature in the task that owns their scope,
 * which holds only while both topics put a scope on the same partition number, i.e. have the same
 * partition count. Checked once at start, so a mismatch is a clear error rather than every half
 * coming out unpaired.
 */
public final class CoPartitioning {

    private CoPartitioning() {
    }

    /** Throws {@link ConfigException} when both topics exist with different partition counts. */
    public static void require(Map<String, String> kafkaProperties, String first, String second) {
        try (Admin admin = Admin.create(new HashMap<>(kafkaProperties))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(first, second)).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            int a = topics.get(first).partitions().size();
            int b = topics.get(second).partitions().size();
            if (a != b) {
                throw new ConfigException("Topic " + first + " has " + a + " partitions but " + second + " has " + b
                        + ": the clusterer pairs a continuation's two halves in the task of their scope, so both topics"
                        + " must have the same number of partitions. Repartition one of them (or recreate both alike).");
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw new IllegalStateException("Could not describe " + first + " and " + second + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
            // A missing topic: Kafka Streams reports it by name when it starts.
        } catch (TimeoutException e) {
            throw new IllegalStateException("The broker did not describe " + first + " and " + second + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while describing " + first + " and " + second, e);
        }
    }
}
