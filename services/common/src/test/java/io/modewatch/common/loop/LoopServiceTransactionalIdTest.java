package io.modewatch.common.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.config.ServiceEnvironment;
import io.modewatch.common.serde.RegistryConnection;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoopServiceTransactionalIdTest {

    @Test
    void aStaticMemberKeepsItsTransactionalIdAcrossRestartsSoItsRestartFencesTheCrashedProducer() {
        var env = env(Map.of("bootstrap.servers", "localhost:9092", "group.instance.id", "sampler-0"));
        assertThat(LoopService.transactionalId(env)).isEqualTo("modewatch-sampler-sampler-0")
                .isEqualTo(LoopService.transactionalId(env));
    }

    @Test
    void withoutStaticMembershipEveryStartTakesAFreshTransactionalId() {
        var env = env(Map.of("bootstrap.servers", "localhost:9092"));
        assertThat(LoopService.transactionalId(env)).startsWith("modewatch-sampler-")
                .isNotEqualTo(LoopService.transactionalId(env));
    }

    private static ServiceEnvironment env(Map<String, String> kafka) {
        return new ServiceEnvironment("sampler", kafka, RegistryConnection.anonymous(URI.create("http://localhost:8081")), "127.0.0.1", 0,
                Path.of("state"), 3, (short) 1, true, Duration.ofSeconds(10), Duration.ofMinutes(2));
    }
}
