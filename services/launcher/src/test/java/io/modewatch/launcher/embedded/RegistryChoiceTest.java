package io.modewatch.launcher.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryChoiceTest {

    @TempDir
    Path dir;

    @Test
    void theNewerRegistryRunsWhenAJava21IsFoundAndTheJava17OneOtherwise() throws IOException {
        Path target = dir.resolve("target");
        Files.createDirectories(target.resolve(RegistryDistribution.DIRECTORY_NAME));
        Files.writeString(target.resolve(RegistryDistribution.DIRECTORY_NAME).resolve("quarkus-run.jar"), "");
        Files.createDirectories(target.resolve(RegistryDistribution.JAVA17_DIRECTORY_NAME));
        Files.writeString(target.resolve(RegistryDistribution.JAVA17_DIRECTORY_NAME).resolve("apicurio-registry-app-3.0.9-runner.jar"), "");
        List<RegistryDistribution> both = RegistryDistribution.available(Optional.of(target));
        assertThat(both).extracting(RegistryDistribution::minimumJava).containsExactly(21, 17);

        Path jvms = dir.resolve("jvm");
        Path jdk17 = fakeJdk(jvms.resolve("jdk-17"), "17.0.15");
        RegistryChoice onlySeventeen = RegistryChoice.of(both, new JavaRuntimeLocator(Optional.of(jdk17), Optional.empty(), jvms));
        // The running JVM is a candidate too; it decides only when it is 21+.
        if (Runtime.version().feature() < 21) {
            assertThat(onlySeventeen.distribution().minimumJava()).isEqualTo(17);
            assertThat(onlySeventeen.distribution().healthOnManagementPort()).isFalse();
        }

        Path jdk25 = fakeJdk(jvms.resolve("jdk-25"), "25.0.1");
        RegistryChoice withTwentyFive = RegistryChoice.of(both, new JavaRuntimeLocator(Optional.of(jdk25), Optional.empty(), jvms));
        assertThat(withTwentyFive.distribution().minimumJava()).isEqualTo(21);
        assertThat(withTwentyFive.java().home()).isEqualTo(jdk25);
        assertThat(withTwentyFive.distribution().healthOnManagementPort()).isTrue();
    }

    @Test
    void aRegistryHomeThatHoldsNoServerIsRefusedWithTheLayoutsItLookedFor() {
        assertThatThrownBy(() -> RegistryDistribution.available(Optional.of(dir)))
                .hasMessageContaining("No schema registry server at").hasMessageContaining("quarkus-run.jar")
                .hasMessageContaining("MODEWATCH_REGISTRY_HOME");
    }

    private static Path fakeJdk(Path home, String version) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }
}
