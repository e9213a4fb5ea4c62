package io.modewatch.launcher.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.baseline.Silhouette;
import io.modewatch.clustering.batch.BatchRdClusterer;
import io.modewatch.clustering.batch.BatchResult;
import io.modewatch.clustering.batch.PointSet;
import io.modewatch.clustering.batch.SignatureCentring;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code modewatch audit}: the paper's offline use, the batch RD clustering of one file. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Cluster one file of continuations with the paper's batch rate-distortion algorithm.")
public final class AuditCommand implements Callable<Integer> {

    /** The paper's sweep grid. */
    static final double[] SWEEP_BETAS = {0.5, 0.75, 1.0, 1.25};
    static final double[] SWEEP_GAMMAS = {0.1, 0.3, 0.5, 0.7, 0.9};

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, description = "JSON lines: id, optional weight, embedding, signature, optional text.")
    Path input;

    @Option(names = "--beta", defaultValue = "1.0", description = "Granularity (default ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--gamma", defaultValue = "0.5", description = "Semantic share of beta, in [0, 1] (default ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--output", description = "Write the clustering as JSON here instead of standard output.")
    Path output;

    @Option(names = "--sweep", description = "Run the paper's 4 x 5 beta/gamma grid and print K and silhouettes per setting.")
    boolean sweep;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split direction's power iteration (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        AuditPoints points = PointsFile.read(input);
        PointSet set = new PointSet(points.weights(), points.semantic(),
                SignatureCentring.fit(points.signatures(), points.weights()).applyAll(points.signatures()));
        PrintWriter out = spec.commandLine().getOut();
        if (sweep) {
            printSweep(out, set);
            return 0;
        }
        RdParameters p = new RdParameters(beta, gamma);
        BatchResult result = new BatchRdClusterer(p, seed).cluster(set);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String text = json.writeValueAsString(ClusterReport.build(json, points, set, p, result));
        if (output != null) {
            Files.writeString(output, text + System.lineSeparator(), StandardCharsets.UTF_8);
            out.printf(Locale.ROOT, "K=%d L_RD=%.4f written to %s%n", result.k(), result.objective(), output);
        } else {
            out.println(text);
        }
        out.flush();
        return 0;
    }

    private void printSweep(PrintWriter out, PointSet set) {
        double[][] semanticDistances = Silhouette.distanceMatrix(set.semantic());
        double[][] signatureDistances = Silhouette.distanceMatrix(set.signature());
        out.printf(Locale.ROOT, "%6s %6s %4s %10s %8s %8s %8s%n", "beta", "gamma", "K", "L_RD", "s_e", "s_a", "h");
        for (double b : SWEEP_BETAS) {
            for (double g : SWEEP_GAMMAS) {
                BatchResult r = new BatchRdClusterer(new RdParameters(b, g), seed).cluster(set);
                double se = Silhouette.of(semanticDistances, r.assignment());
                double sa = Silhouette.of(signatureDistances, r.assignment());
                out.printf(Locale.ROOT, "%6.2f %6.2f %4d %10.4f %8s %8s %8s%n", b, g, r.k(), r.objective(),
                        format(se), format(sa), format(Silhouette.shiftedHarmonicMean(se, sa)));
            }
        }
        out.flush();
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
