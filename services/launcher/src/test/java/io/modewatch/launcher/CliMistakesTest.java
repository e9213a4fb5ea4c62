package io.modewatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliMistakesTest {

    /** Runs the CLI, returning its exit status and what it wrote to stderr. */
    private record Outcome(int status, String err) {
    }

    private static Outcome run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Outcome(ModewatchCli.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void anUnknownCommandExitsNonZeroWithOneLineNamingItEvenWithHelp() {
        Outcome serve = run("serve", "--help");
        assertThat(serve.status()).isEqualTo(2);
        assertThat(serve.err().strip().lines()).singleElement().asString()
                .contains("unknown command 'serve'").contains("known: up, demo, evaluate, run");
        assertThat(run("dmeo").err()).contains("unknown command 'dmeo' (did you mean 'demo'?)");
    }

    @Test
    void anUnknownOptionExitsNonZeroWithOneLineNamingItAndTheClosestOption() {
        Outcome quik = run("demo", "--quik");
        assertThat(quik.status()).isEqualTo(2);
        assertThat(quik.err().strip().lines()).singleElement().asString()
                .contains("modewatch demo: unknown option '--quik' (did you mean '--quick'?)")
                .contains("see modewatch demo --help");
        assertThat(run("bench", "nosuch").err()).contains("modewatch bench: unknown command 'nosuch'");
    }

    @Test
    void aMalformedValueExitsNonZeroWithTheReason() {
        Outcome bad = run("demo", "--prompts=abc");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("'abc' is not an int");
    }

    @Test
    void everyCommandHasItsSectionInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        CommandLine cli = new CommandLine(new ModewatchCli());
        for (var command : cli.getSubcommands().entrySet()) {
            if (command.getKey().equals("help")) {
                continue;
            }
            assertThat(readme).as("README.md shows modewatch %s", command.getKey())
                    .contains("./modewatch " + command.getKey());
            for (String sub : command.getValue().getSubcommands().keySet()) {
                if (!sub.equals("help")) {
                    assertThat(readme).as("README.md shows modewatch %s %s", command.getKey(), sub)
                            .contains("./modewatch " + command.getKey() + " " + sub);
                }
            }
        }
    }
}
