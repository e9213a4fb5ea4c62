package io.modewatch.launcher.embedded;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An unpacked schema registry server and what it needs to run. The build unpacks two Apicurio
 * Registry archives (Maven artifacts) beside the launcher's jar and classes, so both
 * {@code java -jar target/modewatch.jar} and the tests find them without any download:
 * <ul>
 *   <li>{@value #DIRECTORY_NAME}: Apicurio 3.3 ({@code quarkus-run.jar}), which needs Java 21+ and
 *       serves its health checks on a separate management port;</li>
 *   <li>{@value #JAVA17_DIRECTORY_NAME}: Apicurio 3.0 (a {@code *-runner.jar}), which runs on the
 *       Java 17 that modewatch itself needs and serves health on its main port. It is the fallback
 *       for machines with no newer Java (Debian 12 ships none).</li>
 * </ul>
 * Both speak the Confluent-compatible API the services use.
 *
 * @param home                   the unpacked archive
 * @param runJar                 the jar to start
 * @param minimumJava            the oldest Java feature version it runs on
 * @param healthOnManagementPort whether {@code /health/ready} is on the management port (else the main port)
 */
public record RegistryDistribution(Path home, Path runJar, int minimumJava, boolean healthOnManagementPort) {

    public static final String DIRECTORY_NAME = "apicurio-registry";
    public static final String JAVA17_DIRECTORY_NAME = "apicurio-registry-java17";

    /** The unpacked server at {@code home}, recognised by its layout, if there is one. */
    public static Optional<RegistryDistribution> at(Path home) {
        Path quarkusRun = home.resolve("quarkus-run.jar");
        if (Files.isRegularFile(quarkusRun)) {
            return Optional.of(new RegistryDistribution(home, quarkusRun, 21, true));
        }
        if (!Files.isDirectory(home)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .map(runner -> new RegistryDistribution(home, runner, 17, false));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The servers to choose from, preferred first. An override is either one unpacked server (then
     * only that one) or a directory holding the build's unpacked servers (such as the launcher's
     * {@code target/}); without one, the servers the build unpacked beside this code.
     */
    public static List<RegistryDistribution> available(Optional<Path> override) {
        if (override.isPresent()) {
            Optional<RegistryDistribution> one = at(override.get());
            if (one.isPresent()) {
                return List.of(one.get());
            }
            List<RegistryDistribution> inside = within(override.get());
            if (inside.isEmpty()) {
                throw new IllegalStateException("No schema registry server at " + override.get() + " (no quarkus-run.jar,"
                        + " no *-runner.jar, no " + DIRECTORY_NAME + "/ or " + JAVA17_DIRECTORY_NAME + "/): point"
                        + " MODEWATCH_REGISTRY_HOME at an unpacked apicurio-registry-app archive.");
            }
            return inside;
        }
        List<Path> tried = new ArrayList<>();
        for (Path base : baseDirectories()) {
            tried.add(base);
            List<RegistryDistribution> found = within(base);
            if (!found.isEmpty()) {
                return found;
            }
        }
        throw new IllegalStateException("The schema registry server was not found (looked for " + DIRECTORY_NAME
                + "/ and " + JAVA17_DIRECTORY_NAME + "/ in " + tried + "). Build the launcher with"
                + " `mvn -pl services/launcher -am package -DskipTests`, or set MODEWATCH_REGISTRY_HOME to an unpacked"
                + " apicurio-registry-app archive.");
    }

    /** The build's unpacked servers under {@code base}, newest first. */
    private static List<RegistryDistribution> within(Path base) {
        List<RegistryDistribution> found = new ArrayList<>();
        for (String name : List.of(DIRECTORY_NAME, JAVA17_DIRECTORY_NAME)) {
            at(base.resolve(name)).ifPresent(found::add);
        }
        return found;
    }

    /** Where the build's {@code target/} is: beside the jar, above {@code target/classes}, or from the working directory. */
    private static List<Path> baseDirectories() {
        List<Path> bases = new ArrayList<>();
        codeLocation().ifPresent(location -> {
            if (location.getParent() != null) {
                bases.add(location.getParent());
                if (location.getParent().getParent() != null) {
                    bases.add(location.getParent().getParent());
                }
            }
        });
        bases.add(Path.of("services", "launcher", "target"));
        return bases;
    }

    private static Optional<Path> codeLocation() {
        try {
            var source = RegistryDistribution.class.getProtectionDomain().getCodeSource();
            return source == null ? Optional.empty() : Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }
}
