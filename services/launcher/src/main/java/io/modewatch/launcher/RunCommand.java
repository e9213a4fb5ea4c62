package io.modewatch.launcher;

import io.modewatch.attributor.AttributorApp;
import io.modewatch.clusterer.ClustererApp;
import io.modewatch.embedder.EmbedderApp;
import io.modewatch.sampler.SamplerApp;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code modewatch run <service>}: one service against an existing Kafka and registry, configured
 * by environment variables only (see README.md), stopped gracefully by SIGTERM.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run one service (sampler, embedder, attributor, clusterer or notifier) against the Kafka and registry"
                + " named by KAFKA_BOOTSTRAP_SERVERS and MODEWATCH_REGISTRY_URL; every setting is an environment"
                + " variable (README.md, docs/services.md). Settings of the other services and of the launcher in"
                + " the same environment are ignored; an unknown MODEWATCH_* name is refused.")
public final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SERVICE", description = "sampler, embedder, attributor, clusterer or notifier")
    String service;

    @Override
    public Integer call() throws InterruptedException {
        if (!ServiceSettingsScope.SERVICES.containsKey(service)) {
            throw new IllegalArgumentException("unknown service '" + service
                    + "': use sampler, embedder, attributor, clusterer or notifier");
        }
        Map<String, String> environment = ServiceSettingsScope.forService(service, System.getenv());
        switch (service) {
            case "sampler" -> SamplerApp.run(environment);
            case "embedder" -> EmbedderApp.run(environment);
            case "attributor" -> AttributorApp.run(environment);
            case "notifier" -> io.modewatch.notifier.NotifierApp.run(environment);
            default -> ClustererApp.run(environment);
        }
        // The service runs on its own threads until SIGTERM, whose shutdown hook stops it gracefully;
        // returning would let the CLI exit the JVM under it.
        new java.util.concurrent.CountDownLatch(1).await();
        return 0;
    }
}
