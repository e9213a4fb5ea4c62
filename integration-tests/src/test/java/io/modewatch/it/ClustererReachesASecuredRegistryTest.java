package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.schema.ClusterAssignment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The clusterer as a user runs it against a schema registry behind HTTPS (a private CA's
 * certificate, trusted through MODEWATCH_REGISTRY_TRUSTSTORE) and basic authentication
 * (MODEWATCH_REGISTRY_USERNAME / _PASSWORD): it registers its schemas, decodes and encodes every
 * record through it, and never logs the passwords; with a wrong password it stops at start with the
 * registry's refusal, instead of retrying as if the registry were away.
 */
class ClustererReachesASecuredRegistryTest {

    @Test
    void withCredentialsAndATruststoreTheClustererWorksThroughTheRegistryAndWithAWrongPasswordItStops() throws Exception {
        Path dir = Files.createTempDirectory("it-registry-auth-");
        String storePassword = "store-" + UUID.randomUUID();
        String password = "registry-" + UUID.randomUUID();
        TestCertificates certificates = TestCertificates.create(dir, storePassword);
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(SharedRuntime.options(dir.resolve("runtime")), System.out::println);
             var proxy = new AuthenticatingRegistryProxy(runtime.registryUrl(), certificates, "modewatch", password)) {
            List<String> scopes = List.of("auth-a", "auth-b");
            Records.produce(runtime.bootstrapServers(), null, SyntheticHalves.of(runtime.registryUrl(), scopes, 700, 9));

            Path log = dir.resolve("clusterer.log");
            try (ServiceProcess clusterer = ServiceProcess.start("clusterer", env(runtime, proxy, dir, certificates,
                    password, "state-1"), log)) {
                var deserializer = new RegistryAvroSerdes(runtime.registryUrl()).valueSerde(ClusterAssignment.class).deserializer();
                try (var assignments = new CommittedTopicReader(runtime.bootstrapServers(), ModewatchTopics.ASSIGNMENTS.name(),
                        b -> deserializer.deserialize("", b).getContinuationId())) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                    while (assignments.counts().size() < 1_400) {
                        assertThat(clusterer.alive()).as("the clusterer runs; %s", clusterer.logTail()).isTrue();
                        assertThat(System.nanoTime()).as("%d of 1400 assigned", assignments.counts().size()).isLessThan(deadline);
                        assignments.poll();
                    }
                    assertThat(assignments.duplicates()).isEmpty();
                }
            }
            assertThat(proxy.admitted.get()).as("requests that went through the secured registry").isPositive();
            assertThat(proxy.refused.get()).as("requests without the credentials").isZero();
            assertThat(Files.readString(log)).as("no password logged").doesNotContain(password).doesNotContain(storePassword);

            Path wrongLog = dir.resolve("clusterer-wrong.log");
            try (ServiceProcess refused = ServiceProcess.start("clusterer", env(runtime, proxy, dir, certificates,
                    "not-the-password", "state-2"), wrongLog)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (refused.alive() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(refused.alive()).as("a refused login stops the service; %s", refused.logTail()).isFalse();
            }
            assertThat(Files.readString(wrongLog)).contains("HTTP 401").doesNotContain("trying again");
        }
    }

    private static Map<String, String> env(EmbeddedRuntime runtime, AuthenticatingRegistryProxy proxy, Path dir,
                                           TestCertificates certificates, String password, String state) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", runtime.bootstrapServers());
        env.put("MODEWATCH_REGISTRY_URL", proxy.url().toString());
        env.put("MODEWATCH_REGISTRY_USERNAME", "modewatch");
        env.put("MODEWATCH_REGISTRY_PASSWORD", password);
        env.put("MODEWATCH_REGISTRY_TRUSTSTORE", certificates.truststore().toString());
        env.put("MODEWATCH_REGISTRY_TRUSTSTORE_PASSWORD", certificates.password());
        env.put("MODEWATCH_STATE_DIR", dir.resolve(state).toString());
        env.put("MODEWATCH_HTTP_PORT", "0");
        // Its own consumer group: the second run must not take over the first one's offsets.
        env.put("MODEWATCH_APPLICATION_ID", "clusterer-" + state);
        return env;
    }
}
