package io.modewatch.launcher;

import io.modewatch.common.config.ConfigException;
import io.modewatch.launcher.audit.AuditCommand;
import io.modewatch.launcher.bench.BenchCommand;
import io.modewatch.launcher.demo.DemoCommand;
import io.modewatch.launcher.embedded.UpCommand;
import io.modewatch.launcher.evaluate.EvaluateCommand;
import io.modewatch.launcher.model.ModelCommand;
import io.modewatch.launcher.model.WorldCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code modewatch} command. */
@Command(name = "modewatch", mixinStandardHelpOptions = true, versionProvider = ModewatchVersion.class,
        description = "Continuous audit of a deployed language model: new continuation modes, in what it says"
                + " and in how it says it.",
        subcommands = {UpCommand.class, DemoCommand.class, EvaluateCommand.class, RunCommand.class, AuditCommand.class, BenchCommand.class, ModelCommand.class,
                WorldCommand.class, CommandLine.HelpCommand.class})
public final class ModewatchCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        RuntimeDefaults.apply();
        CommandLine cli = new CommandLine(new ModewatchCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // Operators get the reason, not a stack trace; MODEWATCH_DEBUG=true shows the trace as well.
            commandLine.getErr().println("modewatch: " + reason(e));
            if ("true".equalsIgnoreCase(System.getenv(LauncherVariables.DEBUG))) {
                e.printStackTrace(commandLine.getErr());
            }
            return e instanceof ConfigException || e instanceof IllegalArgumentException ? 2 : 1;
        });
        cli.setParameterExceptionHandler(CliMistakes::report);
        if (args.length > 0 && !args[0].startsWith("-") && !cli.getSubcommands().containsKey(args[0])) {
            // Checked before parsing: picocli would answer `modewatch serve --help` with the top-level help and 0.
            return CliMistakes.unknownCommand(cli, args[0]);
        }
        return cli.execute(args);
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
