package io.modewatch.common.config;

import java.util.List;
import java.util.Map;

/** Settings every modewatch service reads; each service adds its own to these. */
public final class CommonSettings {

    private CommonSettings() {
    }

    public static final Setting REGISTRY_URL = Setting.optional("MODEWATCH_REGISTRY_URL",
            "http://127.0.0.1:8081", "an http(s) URL of an Apicurio Registry 3.x (base URL, without /apis/...)",
            "Schema registry that holds the Avro schemas of every topic.");
    public static final Setting HTTP_PORT = Setting.optional("MODEWATCH_HTTP_PORT", "8080",
            "an integer 0..65535 (0 picks a free port)",
            "Port of the service's HTTP endpoints: /metrics (Prometheus), /health/live, /health/ready (and the"
                    + " clusterer's query API). Each service has its own default (clusterer 8090, sampler 8091,"
                    + " embedder 8092, attributor 8093), so all of them run side by side on one host unconfigured.");
    public static final Setting HTTP_HOST = Setting.optional("MODEWATCH_HTTP_HOST", "127.0.0.1",
            "a host name or IP address to bind", "Address the HTTP endpoints bind to: loopback unless set (0.0.0.0 for"
                    + " every interface, as a container or a Prometheus on another host needs).");

    private static final Map<String, Integer> DEFAULT_HTTP_PORTS = Map.of("clusterer", 8090, "sampler", 8091,
            "embedder", 8092, "attributor", 8093, "notifier", 8094);
    public static final Setting STATE_DIR = Setting.optional("MODEWATCH_STATE_DIR", "/tmp/modewatch",
            "a directory path", "Where Kafka Streams keeps its RocksDB state.");
    public static final Setting TOPIC_PARTITIONS = Setting.optional("MODEWATCH_TOPIC_PARTITIONS", "3",
            "an integer 1..10000", "Partitions of the topics modewatch creates at start (existing topics are left alone).");
    public static final Setting TOPIC_REPLICATION = Setting.optional("MODEWATCH_TOPIC_REPLICATION_FACTOR", "1",
            "an integer 1..32", "Replication factor of the topics modewatch creates at start.");
    public static final Setting CREATE_TOPICS = Setting.optional("MODEWATCH_CREATE_TOPICS", "true",
            "true or false", "Create missing topics and register schemas at start (turn off where topics are managed elsewhere).");
    public static final Setting SHUTDOWN_TIMEOUT = Setting.optional("MODEWATCH_SHUTDOWN_TIMEOUT", "30s",
            "a duration such as 30s or PT30S", "How long a graceful shutdown (SIGTERM) may take.");

    public static final Setting STARTUP_TIMEOUT = Setting.optional("MODEWATCH_STARTUP_TIMEOUT", "2m",
            "a duration such as 2m or PT2M", "How long a starting service keeps trying while the broker or the schema"
                    + " registry does not answer yet (they may be starting or restarting) before it stops with an error.");

    public static final Setting REGISTRY_USERNAME = Setting.optional("MODEWATCH_REGISTRY_USERNAME", "",
            "a user name, or empty", "Basic-auth user for the schema registry (with MODEWATCH_REGISTRY_PASSWORD).");
    public static final Setting REGISTRY_PASSWORD = Setting.optional("MODEWATCH_REGISTRY_PASSWORD", "",
            "a password, or empty", "Basic-auth password for the schema registry; never logged.");
    public static final Setting REGISTRY_TRUSTSTORE = Setting.optional("MODEWATCH_REGISTRY_TRUSTSTORE", "",
            "a PKCS12 file path, or empty", "Certificates to trust for an https registry URL signed by a private CA"
                    + " (empty: the JDK's default CAs).");
    public static final Setting REGISTRY_TRUSTSTORE_PASSWORD = Setting.optional("MODEWATCH_REGISTRY_TRUSTSTORE_PASSWORD", "",
            "a password, or empty", "Password of MODEWATCH_REGISTRY_TRUSTSTORE; never logged.");

    public static final List<Setting> ALL = List.of(REGISTRY_URL, REGISTRY_USERNAME, REGISTRY_PASSWORD, REGISTRY_TRUSTSTORE,
            REGISTRY_TRUSTSTORE_PASSWORD, HTTP_PORT, HTTP_HOST, STATE_DIR,
            TOPIC_PARTITIONS, TOPIC_REPLICATION, CREATE_TOPICS, SHUTDOWN_TIMEOUT, STARTUP_TIMEOUT);

    /** {@link #HTTP_PORT} with the service's own default port. */
    public static Setting httpPort(String service) {
        Integer port = DEFAULT_HTTP_PORTS.get(service);
        return port == null ? HTTP_PORT
                : Setting.optional(HTTP_PORT.name(), Integer.toString(port), HTTP_PORT.expectedForm(), HTTP_PORT.description());
    }

    /** The common settings as one service declares them (its own default port). */
    public static List<Setting> of(String service) {
        return ALL.stream().map(s -> s == HTTP_PORT ? httpPort(service) : s).toList();
    }
}
