package io.modewatch.launcher.bench;

import io.modewatch.models.lm.Continuation;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.lm.GenerationSettings;
import io.modewatch.models.lm.Generator;
import io.modewatch.models.lm.Steering;
import io.modewatch.models.world.DoorWorld;
import io.modewatch.models.world.PromptVariant;
import io.modewatch.launcher.model.ModelDirectoryOption;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code modewatch bench generate}: continuations per second with and without the KV cache. No stop
 * strings and a fixed seed, so both runs sample exactly the same tokens and do the same work.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continuations per second with and without the KV cache.")
public final class GenerateBenchCommand implements Callable<Integer> {

    private static final int TRIALS = 5;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelDirectoryOption model;

    @Option(names = "--batch", defaultValue = "16", description = "Prompts per batched request (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--new-tokens", defaultValue = "20", description = "New tokens per continuation (default ${DEFAULT-VALUE}).")
    int newTokens;

    @Option(names = "--prompt-tokens", defaultValue = "0",
            description = "Random-word prompts of this many tokens instead of world questions; longer prompts show the cache (default ${DEFAULT-VALUE}).")
    int promptTokens;

    @Option(names = "--rounds", defaultValue = "4", description = "Full batches timed per trial, after one warm-up (default ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DecoderLm lm = model.open()) {
            DoorWorld world = new DoorWorld(DoorWorld.DEFAULT_SEED);
            Random random = new Random(3);
            List<int[]> prompts = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                prompts.add(promptTokens > 0
                        ? random.ints(promptTokens, 3, lm.config().vocabSize()).toArray()
                        : lm.tokenizer().encode(world.prompt(PromptVariant.PLAIN, random, i, 0).prompt()));
            }
            // EOS is left on: it ends rows early in both runs alike, since the sampled tokens are identical.
            GenerationSettings settings = new GenerationSettings(1f, 1f, newTokens, List.of(), 11, true);
            Generator generator = new Generator(lm);
            out.printf(Locale.ROOT, "model: %s%n", model.describe(lm));
            out.printf(Locale.ROOT, "machine: %s%n", BenchCommand.machine());
            out.printf(Locale.ROOT, "config: up to %d new tokens, T=1, top-p 1, prompts of %d tokens, %d continuations"
                    + " per trial%n", newTokens, prompts.get(0).length, rounds * batch);
            for (int size : new int[] {1, batch}) {
                List<int[]> request = prompts.subList(0, size);
                generator.generateIds(request, settings, Steering.none());
                generator.generateIds(request, settings.withKvCache(false), Steering.none());
                // Alternate cached and uncached trials so load from other processes hits both alike; report medians.
                double[][] cached = new double[TRIALS][];
                double[][] uncached = new double[TRIALS][];
                double[] ratios = new double[TRIALS];
                for (int trial = 0; trial < TRIALS; trial++) {
                    cached[trial] = rate(generator, request, settings);
                    uncached[trial] = rate(generator, request, settings.withKvCache(false));
                    ratios[trial] = cached[trial][0] / uncached[trial][0];
                }
                out.printf(Locale.ROOT, "batch %2d: KV cache %7.1f continuations/s (%7.1f tokens/s); no cache %7.1f continuations/s"
                        + " (%7.1f tokens/s); cache speed-up %.1fx (medians of %d alternating trials)%n", size,
                        median(cached, 0), median(cached, 1), median(uncached, 0), median(uncached, 1), median(ratios), TRIALS);
            }
            out.flush();
        }
        return 0;
    }

    /** [continuations/s, tokens/s] over {@code rounds * batch} continuations, whatever the request size. */
    private double[] rate(Generator generator, List<int[]> prompts, GenerationSettings settings) {
        int requests = rounds * batch / prompts.size();
        long tokens = 0;
        long start = System.nanoTime();
        for (int r = 0; r < requests; r++) {
            for (Continuation c : generator.generateIds(prompts, settings.withSeed(100 + r), Steering.none())) {
                tokens += c.tokenIds().length;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {requests * prompts.size() / seconds, tokens / seconds};
    }

    private static double median(double[][] rows, int column) {
        double[] values = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = rows[i][column];
        }
        return median(values);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
