package io.modewatch.launcher;

import io.modewatch.attributor.AttributorConfig;
import io.modewatch.clusterer.ClustererConfig;
import io.modewatch.common.config.Setting;
import io.modewatch.embedder.EmbedderConfig;
import io.modewatch.notifier.NotifierConfig;
import io.modewatch.sampler.SamplerConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the deployment-file tests ask of the services a deployment runs, and of the tools they call. */
final class DeployedServices {

    private static final Map<String, Function<Map<String, String>, ?>> CONFIGS = Map.of(
            "sampler", SamplerConfig::from, "embedder", EmbedderConfig::from, "attributor", AttributorConfig::from,
            "clusterer", ClustererConfig::from, "notifier", NotifierConfig::from);

    private DeployedServices() {
    }

    static Set<String> services() {
        return ServiceSettingsScope.SERVICES.keySet();
    }

    /** The MODEWATCH_* names this service declares. */
    static Set<String> declaredBy(String service) {
        return ServiceSettingsScope.SERVICES.get(service).stream().map(Setting::name).collect(Collectors.toSet());
    }

    /** The MODEWATCH_* names some service declares. */
    static Set<String> declaredByAny() {
        Set<String> all = new TreeSet<>();
        services().forEach(s -> all.addAll(declaredBy(s)));
        return all;
    }

    /** Parses what {@code modewatch run <service>} would hand the service from this environment; throws if it would refuse it. */
    static void parses(String service, Map<String, String> environment) {
        CONFIGS.get(service).apply(ServiceSettingsScope.forService(service, environment));
    }

    /** Runs a tool to its end (60 s at most); its exit status, its output printed when it failed. */
    static int run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (p.exitValue() != 0) {
            System.out.println(command + " said:\n" + output);
        }
        return p.exitValue();
    }

    /** Runs a tool and returns its standard output; fails with its error output when it exits non-zero. */
    static String output(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).start();
        byte[] err;
        String out;
        try (var stdout = p.getInputStream(); var stderr = p.getErrorStream()) {
            var errBytes = new java.io.ByteArrayOutputStream();
            Thread drain = new Thread(() -> {
                try {
                    stderr.transferTo(errBytes);
                } catch (IOException ignored) {
                    // the process ended
                }
            });
            drain.start();
            out = new String(stdout.readAllBytes());
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(command + " did not finish in 60 s");
                }
                drain.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            err = errBytes.toByteArray();
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " exited " + p.exitValue() + ": " + new String(err));
        }
        return out;
    }
}
