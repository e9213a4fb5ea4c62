package io.modewatch.launcher.model;

import picocli.CommandLine.Command;

/** {@code modewatch model}: the tiny world model, trained here and committed with the code. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Train the tiny world model, or measure that a model learned the world.",
        subcommands = {TrainModelCommand.class, EvidenceCommand.class})
public final class ModelCommand {
}
