package io.modewatch.launcher.model;

import io.modewatch.models.lm.CausalLmTrainer;
import io.modewatch.models.lm.TrainingSettings;
import io.modewatch.models.world.DoorWorld;
import io.modewatch.models.world.TinyWorldModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code modewatch model train}: deterministic training of the tiny GPT-2-shaped model on the world's corpus. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the tiny GPT-2-shaped world model and write it in Hugging Face layout.")
public final class TrainModelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Checkpoint directory to write.")
    Path out;

    @Option(names = "--steps", defaultValue = "3000", description = "Optimizer steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "2", description = "Seed of the initial weights and batch order; the committed model is seed 2 (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--world-seed", defaultValue = "" + DoorWorld.DEFAULT_SEED, description = "Seed of the world (default ${DEFAULT-VALUE}).")
    long worldSeed;

    @Option(names = "--corpus", defaultValue = "" + TinyWorldModel.CORPUS_SIZE, description = "Training examples (default ${DEFAULT-VALUE}).")
    int corpus;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getOut();
        long start = System.nanoTime();
        TrainingSettings settings = TrainingSettings.tinyWorld().withSteps(steps).withSeed(seed);
        CausalLmTrainer.Report report = TinyWorldModel.train(new DoorWorld(worldSeed), settings, corpus, out,
                step -> log.printf(Locale.ROOT, "step %d at %.0f s%n", step, (System.nanoTime() - start) / 1e9).flush());
        log.printf(Locale.ROOT, "loss %.4f -> %.4f in %.0f s; checkpoint in %s%n", report.firstLoss(), report.finalLoss(),
                report.seconds(), out);
        return 0;
    }
}
