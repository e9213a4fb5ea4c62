package io.modewatch.launcher.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry as a child process, from the server archive unpacked at build time.
 * Its storage is an H2 database file under the caller's directory, so schema ids survive a
 * restart (Kafka records carry those ids; losing them would make old records unreadable).
 */
public final class EmbeddedRegistry implements AutoCloseable {

    private final Process process;
    private final int port;
    /** Stops the child if this JVM exits before {@link #close()} (Ctrl-C during start, a crash). */
    private final Thread orphanGuard;

    private EmbeddedRegistry(Process process, int port) {
        this.process = process;
        this.port = port;
        this.orphanGuard = new Thread(process::destroy, "registry-orphan-guard");
        Runtime.getRuntime().addShutdownHook(orphanGuard);
    }

    /**
     * @param distribution  the unpacked server
     * @param java          a Java runtime of at least the distribution's minimum version
     * @param dataDir       where the registry's database and log live
     */
    public static EmbeddedRegistry start(RegistryDistribution distribution, JavaRuntimeLocator.JavaRuntime java, Path dataDir,
                                         int port, int managementPort, Duration readyTimeout) {
        Path runJar = distribution.runJar();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dataDir, e);
        }
        Path log = dataDir.resolve("registry.log");
        List<String> command = new ArrayList<>(List.of(java.executable().toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1",
                "-Dquarkus.management.port=" + managementPort,
                "-Dapicurio.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("registry"),
                // The defaults size a pool for a server farm; one client service needs a handful.
                "-Dapicurio.datasource.jdbc.initial-size=2",
                "-Dapicurio.datasource.jdbc.min-size=2",
                "-Dapicurio.datasource.jdbc.max-size=10",
                "-Dquarkus.otel.enabled=false",
                "-jar", runJar.toString()));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(distribution.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the schema registry with " + java.executable(), e);
        }
        EmbeddedRegistry registry = new EmbeddedRegistry(process, port);
        registry.awaitReady(distribution.healthOnManagementPort() ? managementPort : port, readyTimeout, log);
        return registry;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady(int healthPort, Duration timeout, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The schema registry exited with code " + process.exitValue()
                        + " while starting; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("Interrupted while waiting for the schema registry", e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("Interrupted while waiting for the schema registry", e);
            }
        }
        close();
        throw new IllegalStateException("The schema registry did not become ready within " + timeout.toSeconds()
                + " s; see " + log);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(orphanGuard);
        } catch (IllegalStateException e) {
            // The JVM is shutting down; the guard runs anyway, and we stop the process below.
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
