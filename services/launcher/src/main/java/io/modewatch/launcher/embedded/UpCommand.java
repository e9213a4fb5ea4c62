package io.modewatch.launcher.embedded;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code modewatch up}: the embedded Kafka and schema registry, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start a real single-node Kafka and schema registry on loopback, create the topics, register"
                + " the schemas, and run until Ctrl-C. Starting again on the same state directory resumes the data.")
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "${env:MODEWATCH_STATE_DIR:-.modewatch/state}",
            description = "Where Kafka's logs and the registry's database live (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        EmbeddedRuntime up = EmbeddedRuntime.start(runtime.toOptions(stateDir), System.out::println);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping ...");
            up.close();
            stopped.countDown();
        }, "modewatch-up-shutdown"));
        System.out.println();
        System.out.println("  Kafka bootstrap servers : " + up.bootstrapServers());
        System.out.println("  Schema registry         : " + up.registryUrl()
                + "  (Confluent API: " + up.registryUrl() + "/apis/ccompat/v7)");
        System.out.println("  State directory         : " + stateDir.toAbsolutePath());
        System.out.println();
        System.out.println("  export KAFKA_BOOTSTRAP_SERVERS=" + up.bootstrapServers()
                + " MODEWATCH_REGISTRY_URL=" + up.registryUrl());
        System.out.println("Running; press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
