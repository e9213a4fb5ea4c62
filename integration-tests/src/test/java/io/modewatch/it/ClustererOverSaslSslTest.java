package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.SecureListener;
import io.modewatch.schema.ClusterAssignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.Test;

/**
 * The clusterer as a user runs it against a broker that only lets authenticated clients in over
 * TLS: SASL/SCRAM-SHA-512 on a SASL_SSL listener with the broker's own certificate, trusted through
 * a truststore, all set with {@code KAFKA_*} variables as the README shows. It clusters every
 * continuation and never logs its password; with a wrong password it stops at once with a message
 * that says the cluster refused it, instead of retrying as if the broker were away.
 */
class ClustererOverSaslSslTest {

    private static final String STORE_PASSWORD = "store-" + UUID.randomUUID();
    private static final String USER = "modewatch-clusterer";

    @Test
    void withScramOverTlsTheClustererClustersAndWithAWrongPasswordItStopsSayingWhy() throws Exception {
        Path dir = Files.createTempDirectory("it-sasl-ssl-");
        TestCertificates certificates = TestCertificates.create(dir, STORE_PASSWORD);
        int securePort = FreePort.pick();
        var options = SharedRuntime.options(dir.resolve("runtime"))
                .withSecureListener(new SecureListener(securePort, certificates.keystore(), STORE_PASSWORD));
        String password = "pw-" + UUID.randomUUID();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(options, System.out::println)) {
            // The operator creates the service's user (through the plaintext listener, as an admin would).
            try (Admin admin = Admin.create(runtime.kafkaProperties())) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
            }
            List<String> scopes = List.of("tls-a", "tls-b");
            Records.produce(runtime.bootstrapServers(), null, SyntheticHalves.of(runtime.registryUrl(), scopes, 700, 5));

            Path log = dir.resolve("clusterer.log");
            try (ServiceProcess clusterer = ServiceProcess.start("clusterer", secureEnv(runtime, dir, securePort, password,
                    "clusterer-state"), log)) {
                var deserializer = new io.modewatch.common.serde.RegistryAvroSerdes(runtime.registryUrl())
                        .valueSerde(ClusterAssignment.class).deserializer();
                try (var assignments = new CommittedTopicReader(runtime.bootstrapServers(), ModewatchTopics.ASSIGNMENTS.name(),
                        b -> deserializer.deserialize("", b).getContinuationId())) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (assignments.counts().size() < 1_400) {
                        assertThat(clusterer.alive()).as("the clusterer runs; %s", clusterer.logTail()).isTrue();
                        assertThat(System.nanoTime()).as("%d of 1400 assigned; %s", assignments.counts().size(),
                                clusterer.logTail()).isLessThan(deadline);
                        assignments.poll();
                    }
                    assertThat(assignments.duplicates()).isEmpty();
                }
            }
            assertThat(Files.readString(log)).as("the password is never logged").doesNotContain(password)
                    .doesNotContain(STORE_PASSWORD);

            Map<String, String> wrong = secureEnv(runtime, dir, securePort, "not-the-password", "clusterer-state-2");
            Path wrongLog = dir.resolve("clusterer-wrong.log");
            try (ServiceProcess refused = ServiceProcess.start("clusterer", wrong, wrongLog)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (refused.alive() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(refused.alive()).as("a refused login stops the service; %s", refused.logTail()).isFalse();
            }
            assertThat(Files.readString(wrongLog)).contains("refused this service").contains("KAFKA_SASL_JAAS_CONFIG")
                    .doesNotContain("trying again");
        }
    }

    private static Map<String, String> secureEnv(EmbeddedRuntime runtime, Path dir, int securePort, String password,
                                                 String stateDir) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + securePort);
        env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + USER + "\" password=\"" + password + "\";");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", dir.resolve("trust.p12").toString());
        env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PKCS12");
        env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", STORE_PASSWORD);
        env.put("MODEWATCH_REGISTRY_URL", runtime.registryUrl().toString());
        env.put("MODEWATCH_STATE_DIR", dir.resolve(stateDir).toString());
        env.put("MODEWATCH_HTTP_PORT", "0");
        return env;
    }
}
