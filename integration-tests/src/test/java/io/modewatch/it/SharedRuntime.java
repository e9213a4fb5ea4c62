package io.modewatch.it;

import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RuntimePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One real Kafka broker and one real schema registry for the whole test JVM (starting them costs
 * seconds); tests use unique topics and application ids, so they don't see each other's data.
 */
final class SharedRuntime {

    private static EmbeddedRuntime runtime;

    private SharedRuntime() {
    }

    static synchronized EmbeddedRuntime get() {
        if (runtime == null) {
            try {
                Path dir = Files.createTempDirectory("modewatch-it-");
                runtime = EmbeddedRuntime.start(options(dir), System.out::println);
                Runtime.getRuntime().addShutdownHook(new Thread(runtime::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return runtime;
    }

    static EmbeddedRuntime.Options options(Path dir) {
        return new EmbeddedRuntime.Options(dir, new RuntimePorts(0, 0, 0, 0), 2, registryHome(), Optional.empty(),
                Duration.ofSeconds(120));
    }

    static Optional<Path> registryHome() {
        return Optional.ofNullable(System.getProperty("modewatch.registry.home")).map(Path::of);
    }
}
