package io.modewatch.launcher.embedded;

import io.modewatch.launcher.LauncherVariables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Command-line options of the embedded runtime, shared by {@code up} and {@code demo}. */
public final class RuntimeOptions {

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "0",
            description = "Kafka client port on 127.0.0.1 (0: reuse the state directory's, else pick a free one).")
    int kafkaPort;

    @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "0",
            description = "Schema registry port on 127.0.0.1 (0: reuse the state directory's, else pick a free one).")
    int registryPort;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
            description = "Partitions of each topic created (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--registry-home", paramLabel = "DIR", defaultValue = "${env:" + LauncherVariables.REGISTRY_HOME + "}",
            description = "An unpacked Apicurio Registry server, or a directory holding the build's two (default: those the build unpacked; env MODEWATCH_REGISTRY_HOME).")
    Path registryHome;

    @Option(names = "--registry-java-home", paramLabel = "DIR", defaultValue = "${env:" + LauncherVariables.REGISTRY_JAVA_HOME + "}",
            description = "Java home to run the registry: Apicurio 3.3 needs 21+, the 3.0 fallback runs on 17 (default: the first 21+ found, else this Java; env MODEWATCH_REGISTRY_JAVA_HOME).")
    Path registryJavaHome;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "How long Kafka and the registry may take to start (default: ${DEFAULT-VALUE} s).")
    int startTimeoutSeconds;

    public int partitions() {
        return partitions;
    }

    public EmbeddedRuntime.Options toOptions(Path stateDir) {
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, was " + partitions);
        }
        return new EmbeddedRuntime.Options(stateDir, new RuntimePorts(kafkaPort, 0, registryPort, 0), partitions,
                Optional.ofNullable(registryHome), Optional.ofNullable(registryJavaHome),
                Duration.ofSeconds(startTimeoutSeconds));
    }
}
