package io.modewatch.common.streams;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.modewatch.common.observability.JvmMeters;
import io.modewatch.common.config.ServiceEnvironment;
import io.modewatch.common.errors.DeadLetterDeserializationHandler;
import io.modewatch.common.errors.DeadLetterProcessingHandler;
import io.modewatch.common.errors.StreamsDeadLetterConfig;
import io.modewatch.common.observability.ServiceHttpEndpoints;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.common.topics.StartupPatience;
import io.modewatch.common.topics.TopicBootstrap;
import io.modewatch.common.topics.TopicSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams service the way every modewatch service runs: topics and schemas ensured
 * at start, exactly-once v2, dead-letter handlers, metrics and health endpoints, and a graceful
 * close within the configured timeout.
 */
public final class StreamsService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    private final ServiceEnvironment env;
    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmMeters jvmMeters;
    private ServiceHttpEndpoints http;

    /**
     * @param applicationId the Kafka Streams application id (consumer group, state and internal topic prefix)
     * @param topology      the service's topology
     * @param topics        the topics the service reads or writes (its dead-letter topic is added)
     * @param overrides     Streams properties of the service (applied before the environment's KAFKA_* ones)
     */
    public StreamsService(ServiceEnvironment env, String applicationId, Topology topology, List<TopicSpec> topics,
                          Map<String, Object> overrides) {
        this(env, applicationId, topology, topics, overrides, newRegistry());
    }

    /** A fresh registry for {@code /metrics}, to hand to the topology's processors before the service is built. */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /**
     * @param registry what {@code /metrics} serves: the topology's own meters go here, so that several
     *                 services in one JVM (the demo, tests) each export only their own
     */
    public StreamsService(ServiceEnvironment env, String applicationId, Topology topology, List<TopicSpec> topics,
                          Map<String, Object> overrides, PrometheusMeterRegistry registry) {
        this.env = env;
        this.registry = registry;
        this.jvmMeters = new JvmMeters(registry);
        if (env.createTopics()) {
            List<TopicSpec> all = new ArrayList<>(topics);
            all.add(ModewatchTopics.deadLetter(env.serviceName()));
            var result = TopicBootstrap.ensure(env.kafkaProperties(), env.registry(), env.topicPartitions(),
                    env.topicReplicationFactor(), all, new StartupPatience(env.startupTimeout()));
            if (!result.topics().created().isEmpty()) {
                LOG.info("Created topics {}", result.topics().created());
            }
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, env.stateDir().toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) env.topicReplicationFactor());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsDeadLetterConfig.SERVICE, env.serviceName());
        props.put(StreamsDeadLetterConfig.REGISTRY, env.registry());
        props.putAll(overrides);
        props.putAll(env.kafkaProperties());
        streams = new KafkaStreams(topology, props);
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        io.modewatch.common.errors.DeadLetters.registerCounters(registry, env.serviceName());
        Metrics.addRegistry(registry);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("Service {} stopped on an unrecoverable error", env.serviceName(), e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
    }

    public void start() {
        try {
            // Live unless Streams has shut down on an error it could not handle; ready while it processes.
            http = new ServiceHttpEndpoints(env.httpHost(), env.httpPort(), registry,
                    () -> streams.state() != KafkaStreams.State.ERROR
                            && streams.state() != KafkaStreams.State.PENDING_ERROR,
                    () -> streams.state() == KafkaStreams.State.RUNNING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the HTTP endpoints on " + env.httpHost() + ":"
                    + env.httpPort() + " (MODEWATCH_HTTP_PORT): " + e.getMessage(), e);
        }
        streams.start();
        LOG.info("Service {} started; metrics and health on port {}", env.serviceName(), http.port());
    }

    /** Serves another path next to /metrics and /health (call after {@link #start()}). */
    public void route(String path, com.sun.net.httpserver.HttpHandler handler) {
        http.route(path, handler);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public int httpPort() {
        return http.port();
    }

    /** Closes on SIGTERM: the JVM runs shutdown hooks, and this one lets Streams commit and leave the group. */
    public void closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, env.serviceName() + "-shutdown"));
    }

    @Override
    public void close() {
        streams.close(new KafkaStreams.CloseOptions().timeout(env.shutdownTimeout()));
        streamsMetrics.close();
        jvmMeters.close();
        Metrics.removeRegistry(registry);
        if (http != null) {
            http.close();
        }
    }
}
