package io.modewatch.launcher.embedded;

import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.common.topics.StartupPatience;
import io.modewatch.common.topics.TopicBootstrap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded default: a real Kafka broker in this JVM and a real schema registry as a child
 * process, both on loopback, with every modewatch topic created and every schema registered.
 * Everything lives under one state directory; starting again on it resumes topics, data and
 * schema ids.
 */
public final class EmbeddedRuntime implements AutoCloseable {

    /**
     * How to start it. Ports of 0 are chosen (or reused from the state directory).
     *
     * @param secureListener a SASL_SSL listener beside the plaintext one, if wanted
     */
    public record Options(Path stateDir, RuntimePorts ports, int topicPartitions, Optional<Path> registryHome,
                          Optional<Path> registryJavaHome, Duration startTimeout, Optional<SecureListener> secureListener) {

        public Options(Path stateDir, RuntimePorts ports, int topicPartitions, Optional<Path> registryHome,
                       Optional<Path> registryJavaHome, Duration startTimeout) {
            this(stateDir, ports, topicPartitions, registryHome, registryJavaHome, startTimeout, Optional.empty());
        }

        public Options withSecureListener(SecureListener listener) {
            return new Options(stateDir, ports, topicPartitions, registryHome, registryJavaHome, startTimeout,
                    Optional.of(listener));
        }
    }

    private final EmbeddedKafka kafka;
    private final EmbeddedRegistry registry;
    private final RuntimePorts ports;

    private EmbeddedRuntime(EmbeddedKafka kafka, EmbeddedRegistry registry, RuntimePorts ports) {
        this.kafka = kafka;
        this.registry = registry;
        this.ports = ports;
    }

    public static EmbeddedRuntime start(Options options, Consumer<String> progress) {
        try {
            Files.createDirectories(options.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the state directory " + options.stateDir(), e);
        }
        boolean resuming = Files.isDirectory(options.stateDir().resolve("kafka").resolve("metadata"));
        RuntimePorts ports = RuntimePorts.resolve(options.stateDir(), options.ports());
        progress.accept((resuming ? "Resuming" : "Creating") + " the embedded runtime in " + options.stateDir().toAbsolutePath());

        RegistryChoice registryChoice = RegistryChoice.of(RegistryDistribution.available(options.registryHome()),
                new JavaRuntimeLocator(options.registryJavaHome(), Optional.ofNullable(System.getenv("JAVA_HOME")),
                        Path.of("/usr/lib/jvm")));
        RegistryDistribution distribution = registryChoice.distribution();
        var java = registryChoice.java();

        long t0 = System.nanoTime();
        progress.accept("Starting Kafka (KRaft, single node) on 127.0.0.1:" + ports.kafka() + " ...");
        EmbeddedKafka kafka = EmbeddedKafka.start(options.stateDir().resolve("kafka"), ports.kafka(), ports.controller(),
                options.startTimeout(), options.secureListener());
        progress.accept("Kafka ready at " + kafka.bootstrapServers() + " (" + millisSince(t0) + " ms)");

        long t1 = System.nanoTime();
        progress.accept("Starting the schema registry (Apicurio " + distribution.home().getFileName() + ", Java "
                + java.featureVersion() + ") on 127.0.0.1:" + ports.registry() + " ...");
        EmbeddedRegistry registry;
        try {
            registry = EmbeddedRegistry.start(distribution, java, options.stateDir().resolve("registry"),
                    ports.registry(), ports.registryManagement(), options.startTimeout());
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        progress.accept("Schema registry ready at " + registry.url() + " (" + millisSince(t1) + " ms, pid "
                + registry.pid() + ")");

        EmbeddedRuntime runtime = new EmbeddedRuntime(kafka, registry, ports);
        try {
            var result = TopicBootstrap.ensure(runtime.kafkaProperties(), registry.url(), options.topicPartitions(),
                    (short) 1, ModewatchTopics.all(), StartupPatience.NONE);
            progress.accept("Topics: " + result.topics().created().size() + " created, "
                    + result.topics().alreadyPresent().size() + " already present; "
                    + result.schemaIds().size() + " schemas registered");
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public URI registryUrl() {
        return registry.url();
    }

    public RuntimePorts ports() {
        return ports;
    }

    public Map<String, Object> kafkaProperties() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
