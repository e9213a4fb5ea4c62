package io.modewatch.launcher.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The four loopback ports of the embedded runtime. Port 0 means "any free port"; the ports
 * chosen are kept in the state directory so that a restart on the same directory comes back on
 * the same addresses (clients and the KRaft quorum configuration keep working).
 */
public record RuntimePorts(int kafka, int controller, int registry, int registryManagement) {

    private static final String FILE = "ports.properties";

    /** Requested ports win; unset (0) ones come from the previous run, else from the OS. */
    public static RuntimePorts resolve(Path stateDir, RuntimePorts requested) {
        RuntimePorts previous = read(stateDir.resolve(FILE));
        RuntimePorts chosen = new RuntimePorts(
                pick(requested.kafka, previous == null ? 0 : previous.kafka),
                pick(requested.controller, previous == null ? 0 : previous.controller),
                pick(requested.registry, previous == null ? 0 : previous.registry),
                pick(requested.registryManagement, previous == null ? 0 : previous.registryManagement));
        write(stateDir.resolve(FILE), chosen);
        return chosen;
    }

    private static int pick(int requested, int previous) {
        if (requested > 0) {
            return requested;
        }
        if (previous > 0) {
            return previous;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port", e);
        }
    }

    private static RuntimePorts read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
            return new RuntimePorts(Integer.parseInt(p.getProperty("kafka", "0")),
                    Integer.parseInt(p.getProperty("controller", "0")),
                    Integer.parseInt(p.getProperty("registry", "0")),
                    Integer.parseInt(p.getProperty("registry.management", "0")));
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private static void write(Path file, RuntimePorts ports) {
        Properties p = new Properties();
        p.setProperty("kafka", Integer.toString(ports.kafka));
        p.setProperty("controller", Integer.toString(ports.controller));
        p.setProperty("registry", Integer.toString(ports.registry));
        p.setProperty("registry.management", Integer.toString(ports.registryManagement));
        try {
            Files.createDirectories(file.getParent());
            try (var out = Files.newOutputStream(file)) {
                p.store(out, "ports of the embedded modewatch runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
