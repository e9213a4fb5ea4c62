package io.modewatch.launcher.bench;

import io.modewatch.models.lm.AttributionSettings;
import io.modewatch.models.lm.Attributor;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.lm.Signature;
import io.modewatch.models.lm.SourcePositions;
import io.modewatch.models.lm.TeacherForcedSequence;
import io.modewatch.launcher.model.ModelDirectoryOption;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code modewatch bench attribution}: time per continuation of the one-pass signature (one forward
 * and one backward for the summed target) against the paper's per-token method (the sequence
 * replicated once per continuation token, one backward over the replicas), and their max difference.
 */
@Command(name = "attribution", mixinStandardHelpOptions = true,
        description = "One-pass vs per-token attribution: time per continuation and max difference.")
public final class AttributionBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelDirectoryOption model;

    @Option(names = "--prefix", defaultValue = "32", description = "Prefix tokens (default ${DEFAULT-VALUE}).")
    int prefix;

    @Option(names = "--continuation", defaultValue = "20", description = "Continuation tokens (default ${DEFAULT-VALUE}).")
    int continuation;

    @Option(names = "--continuations", defaultValue = "16", description = "Continuations per run (default ${DEFAULT-VALUE}).")
    int continuations;

    @Option(names = "--batch", defaultValue = "16", description = "Continuations per one-pass batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed repeats after one warm-up; the best is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the random token sequences (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (DecoderLm lm = model.open()) {
            List<TeacherForcedSequence> seqs = sequences(lm.config().vocabSize());
            Attributor attributor = new Attributor(lm);
            AttributionSettings onePass = new AttributionSettings(SourcePositions.PREFIX, false, 0, batch);
            AttributionSettings single = new AttributionSettings(SourcePositions.PREFIX, false, 0, 1);
            // The reference method's rows: one continuation's replicas per pass.
            AttributionSettings perToken = new AttributionSettings(SourcePositions.PREFIX, false, 0, continuation);
            double batched = best(() -> attributor.attribute(seqs, onePass));
            double unbatched = best(() -> attributor.attribute(seqs, single));
            double reference = best(() -> attributor.attributePerToken(seqs, perToken));
            double[] maxDiff = maxDifference(attributor.attribute(seqs, onePass), attributor.attributePerToken(seqs, perToken));
            out.printf(Locale.ROOT, "model: %s%n", model.describe(lm));
            out.printf(Locale.ROOT, "machine: %s%n", BenchCommand.machine());
            out.printf(Locale.ROOT, "config: prefix %d, continuation %d, %d continuations, sources PREFIX, all %d units, best of %d%n",
                    prefix, continuation, continuations, lm.config().mlpUnits(), repeats);
            out.printf(Locale.ROOT, "one-pass, batch %d : %8.2f ms per continuation%n", batch, batched);
            out.printf(Locale.ROOT, "one-pass, batch 1  : %8.2f ms per continuation%n", unbatched);
            out.printf(Locale.ROOT, "per-token (paper)  : %8.2f ms per continuation (%d replicated rows, one pass)%n", reference, continuation);
            out.printf(Locale.ROOT, "speed-up: %.1fx batched, %.1fx unbatched; max |difference| %.3g (max |value| %.3g)%n",
                    reference / batched, reference / unbatched, maxDiff[0], maxDiff[1]);
            out.flush();
        }
        return 0;
    }

    private List<TeacherForcedSequence> sequences(int vocab) {
        Random random = new Random(seed);
        List<TeacherForcedSequence> out = new ArrayList<>();
        for (int s = 0; s < continuations; s++) {
            out.add(new TeacherForcedSequence(random.ints(prefix, 3, vocab).toArray(), random.ints(continuation, 3, vocab).toArray()));
        }
        return out;
    }

    /** Best wall time over the repeats after one warm-up, in ms per continuation. */
    private double best(Supplier<List<Signature>> run) {
        run.get();
        double best = Double.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            run.get();
            best = Math.min(best, (System.nanoTime() - start) / 1e6 / continuations);
        }
        return best;
    }

    private static double[] maxDifference(List<Signature> a, List<Signature> b) {
        double diff = 0;
        double max = 0;
        for (int s = 0; s < a.size(); s++) {
            float[] x = a.get(s).dense();
            float[] y = b.get(s).dense();
            for (int j = 0; j < x.length; j++) {
                diff = Math.max(diff, Math.abs(x[j] - y[j]));
                max = Math.max(max, Math.abs(y[j]));
            }
        }
        return new double[] {diff, max};
    }
}
