package io.modewatch.common.loop;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modewatch.common.observability.JvmMeters;
import io.modewatch.common.config.ServiceEnvironment;
import io.modewatch.common.errors.DeadLetters;
import io.modewatch.common.observability.ServiceHttpEndpoints;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.common.topics.StartupPatience;
import io.modewatch.common.topics.TopicBootstrap;
import io.modewatch.common.topics.TopicSpec;
import io.modewatch.schema.DeadLetter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link TransactionalBatchLoop} the way every modewatch service runs: topics and schemas
 * ensured at start, dead-letter topic, metrics and health endpoints, graceful close.
 */
public final class LoopService<I, K, V> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopService.class);

    private final ServiceEnvironment env;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmMeters jvmMeters = new JvmMeters(registry);
    private final TransactionalBatchLoop<I, K, V> loop;
    private final Thread thread;
    private ServiceHttpEndpoints http;

    /**
     * @param topics    every topic the service reads or writes (its dead-letter topic is added)
     * @param maxBatch  inputs per batch and per transaction
     */
    public LoopService(ServiceEnvironment env, List<String> inputTopics, List<TopicSpec> topics, int maxBatch,
                       Deserializer<I> inputs, Serializer<K> keys, Serializer<V> values, BatchFunction<I, K, V> function) {
        this.env = env;
        if (env.createTopics()) {
            List<TopicSpec> all = new ArrayList<>(topics);
            all.add(ModewatchTopics.deadLetter(env.serviceName()));
            TopicBootstrap.ensure(env.kafkaProperties(), env.registry(), env.topicPartitions(),
                    env.topicReplicationFactor(), all, new StartupPatience(env.startupTimeout()));
        }
        var deadLetterSerde = new RegistryAvroSerdes(env.registry()).valueSerde(DeadLetter.class);
        var settings = new TransactionalBatchLoop.Settings(env.serviceName(), "modewatch-" + env.serviceName(),
                transactionalId(env), inputTopics, maxBatch, Duration.ofMillis(500));
        loop = new TransactionalBatchLoop<>(settings, env.kafkaProperties(), inputs, keys, values, function,
                new DeadLetters(env.serviceName(), deadLetterSerde.serializer(), DeadLetters.maxRecordBytes(env.kafkaProperties())), registry);
        Metrics.addRegistry(registry);
        io.modewatch.common.errors.DeadLetters.registerCounters(registry, env.serviceName());
        thread = new Thread(loop, env.serviceName() + "-loop");
    }

    /**
     * With static membership ({@code KAFKA_GROUP_INSTANCE_ID}) the instance keeps one transactional id
     * across restarts, so a restart after a crash fences the dead producer and aborts its open
     * transaction at once; read_committed readers downstream would otherwise wait for the
     * transaction timeout (60 s by default). Without it every start takes a fresh id: two live
     * instances must never share one.
     */
    static String transactionalId(ServiceEnvironment env) {
        String instance = env.kafkaProperties().get("group.instance.id");
        return "modewatch-" + env.serviceName() + "-" + (instance != null && !instance.isBlank() ? instance : UUID.randomUUID());
    }

    public void start() {
        try {
            // Live until the loop has stopped on a fatal error (a fenced producer, say): then only a restart helps.
            http = new ServiceHttpEndpoints(env.httpHost(), env.httpPort(), registry, () -> loop.failure() == null,
                    loop::ready);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the HTTP endpoints on " + env.httpHost() + ":"
                    + env.httpPort() + " (MODEWATCH_HTTP_PORT): " + e.getMessage(), e);
        }
        thread.start();
        LOG.info("Service {} started; metrics and health on port {}", env.serviceName(), http.port());
    }

    public boolean ready() {
        return loop.ready();
    }

    public int httpPort() {
        return http.port();
    }

    public PrometheusMeterRegistry metrics() {
        return registry;
    }

    /** Closes on SIGTERM: the current batch finishes or is discarded, the transaction never half-commits. */
    public void closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, env.serviceName() + "-shutdown"));
    }

    @Override
    public void close() {
        loop.close();
        try {
            thread.join(env.shutdownTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        jvmMeters.close();
        Metrics.removeRegistry(registry);
        if (http != null) {
            http.close();
        }
    }
}
