package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alerting rules shipped in {@code docker/prometheus} pass Prometheus's own checker
 * and its rule unit tests ({@code modewatch-rules.test.yml}: each rule fires on the series it is
 * for and stays quiet on the others), run by the real {@code promtool} (Debian's
 * {@code prometheus} package; {@code .ci/run} installs it where it is missing).
 */
class ShippedAlertRulesFireAsTestedTest {

    private static final Path RULES = Path.of(System.getProperty("user.dir")).resolveSibling("docker").resolve("prometheus");

    @Test
    void theRulesPassPromtoolsCheckAndTheirUnitTests() throws Exception {
        assumeTrue(onPath("promtool"), "promtool is not installed (apt-get install prometheus); .ci/run installs it");
        assertThat(promtool("check", "rules", "modewatch-rules.yml")).contains("SUCCESS: 6 rules found");
        assertThat(promtool("test", "rules", "modewatch-rules.test.yml")).contains("SUCCESS");
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).directory(RULES.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
        return out;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
