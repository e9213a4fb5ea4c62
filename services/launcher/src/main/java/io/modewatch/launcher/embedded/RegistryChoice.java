package io.modewatch.launcher.embedded;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Which registry server runs, on which Java: the first distribution (preferred first) for which a
 * Java of its minimum version is found. The Java 17 fallback can always run on the JVM that runs
 * modewatch, so a machine with only JDK 17 still gets a registry.
 */
record RegistryChoice(RegistryDistribution distribution, JavaRuntimeLocator.JavaRuntime java) {

    static RegistryChoice of(List<RegistryDistribution> preferredFirst, JavaRuntimeLocator locator) {
        for (RegistryDistribution d : preferredFirst) {
            var java = locator.find(d.minimumJava());
            if (java.isPresent()) {
                return new RegistryChoice(d, java.get());
            }
        }
        throw new IllegalStateException("No Java found to run the embedded schema registry: "
                + preferredFirst.stream().map(d -> d.home() + " needs Java " + d.minimumJava() + "+")
                .collect(Collectors.joining("; "))
                + ". Install such a JDK and point MODEWATCH_REGISTRY_JAVA_HOME (--registry-java-home) at its home.");
    }
}
