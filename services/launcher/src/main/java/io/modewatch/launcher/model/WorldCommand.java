package io.modewatch.launcher.model;

import io.modewatch.models.world.DoorWorld;
import io.modewatch.models.world.TinyWorldModel;
import io.modewatch.models.world.WorldFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code modewatch world generate}: the synthetic world's training corpus and traffic script as JSON lines. */
@Command(name = "world", mixinStandardHelpOptions = true, description = "The synthetic door world (DESIGN.md §4).",
        subcommands = WorldCommand.Generate.class)
public final class WorldCommand {

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write corpus.jsonl and traffic.jsonl (ground truth in each event's attributes).")
    static final class Generate implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, description = "Directory to write.")
        Path out;

        @Option(names = "--seed", defaultValue = "" + DoorWorld.DEFAULT_SEED, description = "World seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--events", defaultValue = "4000", description = "Traffic events (default ${DEFAULT-VALUE}).")
        int events;

        @Option(names = "--spacing-ms", defaultValue = "250", description = "Event-time spacing (default ${DEFAULT-VALUE}).")
        long spacingMs;

        @Option(names = "--corpus", defaultValue = "" + TinyWorldModel.CORPUS_SIZE, description = "Corpus lines (default ${DEFAULT-VALUE}).")
        int corpus;

        @Override
        public Integer call() {
            DoorWorld world = new DoorWorld(seed);
            WorldFiles.writeCorpus(world.trainingCorpus(corpus), out.resolve("corpus.jsonl"));
            WorldFiles.writeTraffic(world.timeline(events, 0, spacingMs), out.resolve("traffic.jsonl"));
            PrintWriter log = spec.commandLine().getOut();
            log.printf("wrote %d corpus lines and %d traffic events to %s%n", corpus, events, out);
            log.flush();
            return 0;
        }
    }
}
