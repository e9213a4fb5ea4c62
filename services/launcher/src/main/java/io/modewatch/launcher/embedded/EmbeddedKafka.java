package io.modewatch.launcher.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node KRaft Kafka (broker and controller in one process) in this JVM, with its
 * logs under a directory of the caller's. Starting it again on the same directory resumes the
 * topics and data: storage is formatted only the first time.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final int brokerPort;

    private EmbeddedKafka(KafkaRaftServer server, int brokerPort) {
        this.server = server;
        this.brokerPort = brokerPort;
    }

    /**
     * @param dataDir    where the log segments and metadata live
     * @param brokerPort the client port on 127.0.0.1
     * @param controllerPort the KRaft controller port on 127.0.0.1
     */
    public static EmbeddedKafka start(Path dataDir, int brokerPort, int controllerPort, Duration readyTimeout) {
        return start(dataDir, brokerPort, controllerPort, readyTimeout, Optional.empty());
    }

    /** @param secure a SASL_SSL listener to open beside the plaintext one */
    public static EmbeddedKafka start(Path dataDir, int brokerPort, int controllerPort, Duration readyTimeout,
                                      Optional<SecureListener> secure) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka data directory " + dataDir, e);
        }
        Properties props = brokerProperties(dataDir, brokerPort, controllerPort);
        secure.ifPresent(s -> addSecureListener(props, s));
        format(dataDir, props);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafka kafka = new EmbeddedKafka(server, brokerPort);
        kafka.awaitReady(readyTimeout);
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    static Properties brokerProperties(Path dataDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toAbsolutePath().toString());
        p.put("metadata.log.dir", dataDir.resolve("metadata").toAbsolutePath().toString());
        // One node: every internal topic has a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // The default dedupe buffer puts 128 MiB on the heap for the log cleaner.
        p.put("log.cleaner.dedupe.buffer.size", "4194304");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("log.flush.interval.messages", "10000");
        return p;
    }

    private static void addSecureListener(Properties p, SecureListener s) {
        p.put("listeners", p.get("listeners") + ",SASL_SSL://127.0.0.1:" + s.port());
        p.put("advertised.listeners", p.get("advertised.listeners") + ",SASL_SSL://127.0.0.1:" + s.port());
        p.put("listener.security.protocol.map", p.get("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.sasl_ssl.ssl.keystore.location", s.keystore().toAbsolutePath().toString());
        p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        p.put("listener.name.sasl_ssl.ssl.keystore.password", s.keystorePassword());
        p.put("listener.name.sasl_ssl.ssl.key.password", s.keystorePassword());
    }

    private static void format(Path dataDir, Properties props) {
        Path config = dataDir.resolve("server.properties");
        try (var out = Files.newOutputStream(config)) {
            props.store(out, "written by modewatch; regenerated at every start");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + config, e);
        }
        String clusterId = clusterId(dataDir);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString(),
                "--ignore-formatted"}, new PrintStream(log, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("Formatting Kafka storage in " + dataDir + " failed: "
                    + log.toString(StandardCharsets.UTF_8));
        }
    }

    /** One cluster id per data directory, kept beside the data, so a restart formats nothing. */
    private static String clusterId(Path dataDir) {
        Path file = dataDir.resolve("cluster.id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            String id = org.apache.kafka.common.Uuid.randomUuid().toString();
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> props = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        close();
                        throw new IllegalStateException("Kafka did not become ready on " + bootstrapServers()
                                + " within " + timeout.toSeconds() + " s", e);
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
