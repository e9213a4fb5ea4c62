package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code modewatch bench soak} as a user runs it, for one minute (the 30-minute run is a benchmark,
 * docs/reliability.md): it prints a line of figures per interval and a summary, nothing is
 * dead-lettered, and the backlog drains once the load stops, or it exits non-zero.
 */
class ShortSoakDrainsTest {

    @Test
    void aOneMinuteSoakPrintsItsFiguresAndDrainsItsBacklog() throws Exception {
        Path out = Files.createTempFile("soak-", ".txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-jar", System.getProperty("modewatch.launcher.jar"),
                "bench", "soak", "--minutes", "1", "--interval", "10", "--rate", "6"));
        SharedRuntime.registryHome().ifPresent(home -> command.add("--registry-home=" + home));
        Process soak = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean finished = soak.waitFor(6, TimeUnit.MINUTES);
        if (!finished) {
            soak.destroyForcibly().waitFor();
        }
        String output = Files.readString(out);
        System.out.println(output.lines().filter(l -> !l.contains("WARN")).reduce("", (a, b) -> a + b + "\n"));
        assertThat(finished).as("the soak ends").isTrue();
        assertThat(soak.exitValue()).as("exit status; output:%n%s", output).isZero();
        long lines = output.lines().filter(l -> l.matches("\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+\\s+[\\d.]+\\s+\\d+.*")).count();
        assertThat(lines).as("a line of figures every 10 s for a minute, and one after the drain").isGreaterThanOrEqualTo(6);
        assertThat(output).contains("assigned/s over").contains("retained heap").contains("RocksDB state")
                .containsPattern("it drained in [\\d.]+ s; dead letters 0");
    }
}
