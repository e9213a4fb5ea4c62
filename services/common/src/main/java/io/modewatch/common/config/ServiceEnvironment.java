package io.modewatch.common.config;

import io.modewatch.common.serde.RegistryConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a service's configuration that is the same for every service: where Kafka and the
 * registry are, where state lives, the HTTP endpoints, topic creation defaults.
 *
 * @param kafkaProperties every {@code KAFKA_*} variable as a Kafka property; holds {@code bootstrap.servers}
 */
public record ServiceEnvironment(
        String serviceName,
        Map<String, String> kafkaProperties,
        RegistryConnection registry,
        String httpHost,
        int httpPort,
        Path stateDir,
        int topicPartitions,
        short topicReplicationFactor,
        boolean createTopics,
        Duration shutdownTimeout,
        Duration startupTimeout) {

    public ServiceEnvironment {
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    public static ServiceEnvironment from(String serviceName, Settings settings) {
        Map<String, String> kafka = settings.kafkaProperties();
        if (!kafka.containsKey("bootstrap.servers")) {
            throw new ConfigException("Missing required setting KAFKA_BOOTSTRAP_SERVERS: expected a comma-separated"
                    + " list of host:port (the Kafka brokers to connect to).");
        }
        String registry = settings.string(CommonSettings.REGISTRY_URL);
        URI registryUrl;
        try {
            registryUrl = URI.create(registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry);
            if (registryUrl.getScheme() == null || !registryUrl.getScheme().startsWith("http") || registryUrl.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Malformed setting MODEWATCH_REGISTRY_URL=\"" + registry + "\": expected "
                    + CommonSettings.REGISTRY_URL.expectedForm() + ".");
        }
        return new ServiceEnvironment(serviceName, kafka, registryConnection(registryUrl, settings),
                settings.string(CommonSettings.HTTP_HOST),
                settings.integer(CommonSettings.httpPort(serviceName), 0, 65535),
                Path.of(settings.string(CommonSettings.STATE_DIR)),
                settings.integer(CommonSettings.TOPIC_PARTITIONS, 1, 10_000),
                (short) settings.integer(CommonSettings.TOPIC_REPLICATION, 1, 32),
                settings.flag(CommonSettings.CREATE_TOPICS),
                settings.duration(CommonSettings.SHUTDOWN_TIMEOUT),
                settings.duration(CommonSettings.STARTUP_TIMEOUT));
    }

    /** The registry's base URL. */
    public URI registryUrl() {
        return registry.url();
    }

    private static RegistryConnection registryConnection(URI url, Settings settings) {
        Optional<String> user = settings.optionalString(CommonSettings.REGISTRY_USERNAME);
        Optional<String> password = settings.optionalString(CommonSettings.REGISTRY_PASSWORD);
        if (user.isPresent() != password.isPresent()) {
            throw new ConfigException("Incomplete registry credentials: set both " + CommonSettings.REGISTRY_USERNAME.name()
                    + " and " + CommonSettings.REGISTRY_PASSWORD.name() + ", or neither.");
        }
        Optional<Path> truststore = settings.optionalString(CommonSettings.REGISTRY_TRUSTSTORE).map(Path::of);
        if (truststore.isPresent() && !Files.isReadable(truststore.get())) {
            throw new ConfigException("Malformed setting " + CommonSettings.REGISTRY_TRUSTSTORE.name() + "=\""
                    + truststore.get() + "\": no readable file there.");
        }
        return new RegistryConnection(url, user, password.map(Secret::new), truststore,
                settings.optionalString(CommonSettings.REGISTRY_TRUSTSTORE_PASSWORD).map(Secret::new));
    }

    public String bootstrapServers() {
        return kafkaProperties.get("bootstrap.servers");
    }

    /** The service's dead-letter topic: {@code <service>-dlq}. */
    public String deadLetterTopic() {
        return serviceName + "-dlq";
    }
}
