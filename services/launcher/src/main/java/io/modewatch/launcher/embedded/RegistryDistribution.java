package io.modewatch.launcher.embedded;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the unpacked schema registry server lives. The build unpacks the registry archive (a
 * Maven artifact) into {@code target/apicurio-registry} beside the launcher's jar and classes, so
 * both {@code java -jar target/modewatch.jar} and the tests find it without any download.
 */
public final class RegistryDistribution {

    public static final String DIRECTORY_NAME = "apicurio-registry";

    private RegistryDistribution() {
    }

    public static Path locate(Optional<Path> override) {
        List<Path> tried = new ArrayList<>();
        if (override.isPresent()) {
            return override.get();
        }
        Optional<Path> codeLocation = codeLocation();
        if (codeLocation.isPresent()) {
            Path location = codeLocation.get();
            // A jar in target/, or target/classes when run from an IDE or the test classpath.
            for (Path candidate : List.of(location.resolveSibling(DIRECTORY_NAME),
                    location.getParent() == null ? location : location.getParent().resolveSibling(DIRECTORY_NAME))) {
                tried.add(candidate);
                if (Files.isRegularFile(candidate.resolve("quarkus-run.jar"))) {
                    return candidate;
                }
            }
        }
        Path fromWorkingDir = Path.of("services", "launcher", "target", DIRECTORY_NAME);
        tried.add(fromWorkingDir);
        if (Files.isRegularFile(fromWorkingDir.resolve("quarkus-run.jar"))) {
            return fromWorkingDir;
        }
        throw new IllegalStateException("The schema registry server was not found (looked in " + tried + ")."
                + " Build the launcher with `mvn -pl services/launcher -am package -DskipTests`, or set"
                + " MODEWATCH_REGISTRY_HOME to an unpacked apicurio-registry-app archive.");
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
