package io.modewatch.launcher.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a Java installation of at least a given feature version, for child processes that may need a
 * newer Java than the one modewatch runs on (the preferred registry needs 21+). Looks, in order, at an
 * explicit home, {@code JAVA_HOME}, the running JVM, and the JDKs under {@code /usr/lib/jvm}.
 */
public final class JavaRuntimeLocator {

    private static final Pattern RELEASE_VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    /** A Java installation and its feature version. */
    public record JavaRuntime(Path home, int featureVersion) {
        public Path executable() {
            return home.resolve("bin").resolve("java");
        }
    }

    private final List<Path> candidates;

    public JavaRuntimeLocator(Optional<Path> explicitHome, Optional<String> javaHomeEnv, Path systemJvmDir) {
        candidates = new ArrayList<>();
        explicitHome.ifPresent(candidates::add);
        javaHomeEnv.filter(s -> !s.isBlank()).map(Path::of).ifPresent(candidates::add);
        candidates.add(Path.of(System.getProperty("java.home")));
        if (Files.isDirectory(systemJvmDir)) {
            try (Stream<Path> dirs = Files.list(systemJvmDir)) {
                dirs.sorted(Comparator.reverseOrder()).forEach(candidates::add);
            } catch (IOException e) {
                // An unreadable directory just contributes no candidates.
            }
        }
    }

    /** The first candidate with at least {@code minimumVersion}. */
    public Optional<JavaRuntime> find(int minimumVersion) {
        for (Path home : candidates) {
            Optional<Integer> version = featureVersion(home);
            if (version.isPresent() && version.get() >= minimumVersion && Files.isExecutable(home.resolve("bin/java"))) {
                return Optional.of(new JavaRuntime(home, version.get()));
            }
        }
        return Optional.empty();
    }

    static Optional<Integer> featureVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher m = RELEASE_VERSION.matcher(Files.readString(release));
            if (!m.find()) {
                return Optional.empty();
            }
            int first = Integer.parseInt(m.group(1));
            // Java 8 and older report "1.8.0_…".
            return Optional.of(first == 1 ? 8 : first);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
