package io.modewatch.launcher.model;

import io.modewatch.models.embedding.SentenceEmbedder;
import io.modewatch.models.lm.AttributionSettings;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.lm.SourcePositions;
import io.modewatch.models.world.DoorWorld;
import io.modewatch.models.world.PromptVariant;
import io.modewatch.models.world.WorldEvidence;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code modewatch model evidence}: mode rates and recall-vs-copy separation of a world model. */
@Command(name = "evidence", mixinStandardHelpOptions = true,
        description = "Print each mode's sampled rate and how signatures and embeddings separate recall from copy.")
public final class EvidenceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelDirectoryOption model;

    @Option(names = "--samples", defaultValue = "400", description = "Samples per stochastic prompt family (default ${DEFAULT-VALUE}).")
    int samples;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DoorWorld world = new DoorWorld(DoorWorld.DEFAULT_SEED);
        try (DecoderLm lm = model.open();
                SentenceEmbedder embedder = SentenceEmbedder.allMiniLmL6V2()) {
            WorldEvidence evidence = new WorldEvidence(world, lm);
            out.printf(Locale.ROOT, "plain (trained recall %.2f / hedge %.2f): %s%n", DoorWorld.PLAIN_RECALL_RATE,
                    1 - DoorWorld.PLAIN_RECALL_RATE, evidence.modeRates(PromptVariant.PLAIN, samples, 1));
            out.printf(Locale.ROOT, "capital (trained answer %.2f / unsure %.2f): %s%n", DoorWorld.CAPITAL_ANSWER_RATE,
                    1 - DoorWorld.CAPITAL_ANSWER_RATE, evidence.modeRates(PromptVariant.CAPITAL, samples, 2));
            for (PromptVariant v : List.of(PromptVariant.DISTRACTOR, PromptVariant.POISONED, PromptVariant.COINCIDENT,
                    PromptVariant.ADMIN, PromptVariant.URGENT)) {
                out.printf(Locale.ROOT, "%-10s greedy exact match %.3f%n", v.name().toLowerCase(), evidence.greedyExactMatch(v, 200, 3));
            }
            List<WorldEvidence.MechanismExample> examples = evidence.mechanismExamples(4);
            for (boolean heads : new boolean[] {false, true}) {
                for (SourcePositions sources : SourcePositions.values()) {
                    for (boolean l2 : new boolean[] {false, true}) {
                        AttributionSettings settings = new AttributionSettings(sources, l2, 0, 16, heads);
                        WorldEvidence.Separation s = evidence.separation(examples, settings, embedder);
                        out.printf(Locale.ROOT, "units %-9s sources %-12s l2 %-5s: distance recall-vs-copy (same text) %.3f,"
                                + " recall-vs-recall %.3f, embedding %.4f; nearest-centroid accuracy (doors held out):"
                                + " plain-vs-coincident %.3f, distractor-vs-coincident %.3f, mechanism over 4 groups %.3f;"
                                + " greedy identical %.2f (%d pairs)%n",
                                heads ? "mlp+heads" : "mlp", sources, l2, s.pairSignatureDistance(), s.sameMechanismDistance(),
                                s.pairEmbeddingDistance(), s.identicalTextAccuracy(), s.noteControlledAccuracy(),
                                s.mechanismAccuracy(), s.greedyIdentical(), s.pairs());
                    }
                }
            }
            out.flush();
        }
        return 0;
    }
}
