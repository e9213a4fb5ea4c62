package io.modewatch.clustering.bench;

import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.baseline.KMeansPlusPlus;
import io.modewatch.clustering.baseline.Silhouette;
import io.modewatch.clustering.batch.BatchRdClusterer;
import io.modewatch.clustering.batch.BatchResult;
import io.modewatch.clustering.batch.PointSet;
import io.modewatch.clustering.detect.DetectionResult;
import io.modewatch.clustering.detect.DetectionSettings;
import io.modewatch.clustering.detect.DetectorState;
import io.modewatch.clustering.detect.ModeAlert;
import io.modewatch.clustering.detect.ModeDetector;
import io.modewatch.clustering.metrics.AdjustedRandIndex;
import io.modewatch.clustering.metrics.NormalizedMutualInformation;
import io.modewatch.clustering.online.OnlineRdClusterer;
import io.modewatch.clustering.online.OnlineSettings;
import io.modewatch.clustering.online.ScopeState;
import io.modewatch.clustering.online.ScopeStateCodec;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The synthetic benchmark: agreement of batch RD, online RD and the one-view k-means baselines
 * with the known modes, detection delay per kind of new mode, false alarms on a long stationary
 * stream, and the batch sweep's time. Prints every figure with the configuration it ran with.
 *
 * <p>Arguments: {@code [stationaryEvents]} (default 1,000,000) for the false-alarm run.
 */
public final class ClusteringBenchmark {

    static final int SEMANTIC_DIM = 384;
    static final int SIGNATURE_DIM = 2048;
    static final int ACTIVE_UNITS = 256;
    static final RdParameters PARAMETERS = new RdParameters(5, 0.8);

    private ClusteringBenchmark() {
    }

    public static void main(String[] args) {
        long stationaryEvents = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        System.out.printf(Locale.ROOT, "machine: %d cores, %s %s; world: d_e=%d, signature dim %d with %d active units; beta=%.2f gamma=%.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
                SEMANTIC_DIM, SIGNATURE_DIM, ACTIVE_UNITS, PARAMETERS.beta(), PARAMETERS.gamma());
        SyntheticWorld world = new SyntheticWorld(SEMANTIC_DIM, SIGNATURE_DIM, ACTIVE_UNITS, 7);
        agreement(world);
        detection(world);
        falseAlarms(world, stationaryEvents);
        sweepTime();
    }

    /** Batch, online and one-view k-means against the truth and each other on the five stationary modes. */
    static void agreement(SyntheticWorld world) {
        List<SyntheticWorld.Labelled> stream = world.mixture(SyntheticWorld.stationaryModes(), SyntheticWorld.stationaryShares(), 6_000, 21);
        List<SyntheticWorld.Labelled> scored = stream.subList(4_000, 6_000);
        int[] truth = SyntheticWorld.labels(scored);
        PointSet points = SyntheticWorld.pointSet(scored);
        long t0 = System.nanoTime();
        BatchResult batch = new BatchRdClusterer(PARAMETERS, 42).cluster(points);
        double batchSeconds = (System.nanoTime() - t0) / 1e9;
        OnlineRdClusterer online = new OnlineRdClusterer(OnlineSettings.defaults(PARAMETERS));
        ScopeState scope = online.newScope("agreement");
        t0 = System.nanoTime();
        stream.forEach(p -> online.observe(scope, p.observation()));
        double onlineSeconds = (System.nanoTime() - t0) / 1e9;
        int[] onlineLabels = scored.stream().mapToInt(p -> online.predict(scope, p.observation())).toArray();
        int[] semanticKm = new KMeansPlusPlus(batch.k(), 42).cluster(points.semantic());
        int[] signatureKm = new KMeansPlusPlus(batch.k(), 42).cluster(points.signature());
        System.out.printf(Locale.ROOT, "%nagreement on %d points of 5 stationary modes (online saw %d events: %.0f events/s incl. structure passes; batch %.2f s)%n",
                scored.size(), stream.size(), stream.size() / onlineSeconds, batchSeconds);
        System.out.printf(Locale.ROOT, "  K: batch %d, online %d%n", batch.k(), scope.k());
        ScopeStateCodec.Encoded inline = ScopeStateCodec.encode(scope);
        ScopeStateCodec.Encoded encoded = ScopeStateCodec.encodeWithSeparateMembers(scope);
        System.out.printf(Locale.ROOT, "  state entries: header %d B; inline components %s B; separate: cores %s B + %d members of about %d B%n",
                encoded.header().length, inline.components().values().stream().map(b -> Integer.toString(b.length)).toList(),
                encoded.components().values().stream().map(b -> Integer.toString(b.length)).toList(),
                encoded.members().size(), encoded.members().values().stream().mapToInt(b -> b.length).sum() / Math.max(1, encoded.members().size()));
        row("batch RD vs truth", batch.assignment(), truth);
        row("online RD vs truth", onlineLabels, truth);
        row("online RD vs batch RD", onlineLabels, batch.assignment());
        row("semantic-only k-means vs truth", semanticKm, truth);
        row("signature-only k-means vs truth", signatureKm, truth);
        System.out.printf(Locale.ROOT, "  ARI on modes 0+1 only (same meaning, different mechanism): batch RD %.3f, online RD %.3f, semantic k-means %.3f%n",
                pairAri(batch.assignment(), truth, 0, 1), pairAri(onlineLabels, truth, 0, 1), pairAri(semanticKm, truth, 0, 1));
        System.out.printf(Locale.ROOT, "  ARI on modes 2+3 only (same mechanism, different meaning): batch RD %.3f, online RD %.3f, signature k-means %.3f%n",
                pairAri(batch.assignment(), truth, 2, 3), pairAri(onlineLabels, truth, 2, 3), pairAri(signatureKm, truth, 2, 3));
        double[][] de = Silhouette.distanceMatrix(java.util.Arrays.copyOf(points.semantic(), 800));
        double[][] da = Silhouette.distanceMatrix(java.util.Arrays.copyOf(points.signature(), 800));
        for (String name : List.of("batch RD", "semantic k-means", "signature k-means")) {
            int[] labels = java.util.Arrays.copyOf(name.equals("batch RD") ? batch.assignment() : name.startsWith("semantic") ? semanticKm : signatureKm, 800);
            double se = Silhouette.of(de, labels);
            double sa = Silhouette.of(da, labels);
            System.out.printf(Locale.ROOT, "  silhouettes (first 800 points) %-18s s_e %.3f  s_a %.3f  h %.3f%n", name, se, sa, Silhouette.shiftedHarmonicMean(se, sa));
        }
    }

    /** Detection delay per kind on the standard timeline. */
    static void detection(SyntheticWorld world) {
        long stationary = 20_000;
        long spacing = 10_000;
        SyntheticStream stream = SyntheticStream.standard(world, stationary, spacing);
        List<SyntheticWorld.Labelled> events = stream.events(stationary + 5 * spacing, 3);
        ModeDetector detector = new ModeDetector(new OnlineRdClusterer(OnlineSettings.defaults(PARAMETERS)), DetectionSettings.defaults());
        ScopeState scope = new OnlineRdClusterer(OnlineSettings.defaults(PARAMETERS)).newScope("timeline");
        DetectorState state = new DetectorState();
        System.out.printf(Locale.ROOT, "%ndetection on the standard timeline (%d stationary events, onsets every %d, new-mode share %.2f; %s)%n",
                stationary, spacing, stream.onsets().get(0).share(), DetectionSettings.defaults());
        for (SyntheticWorld.Labelled e : events) {
            DetectionResult r = detector.observe(scope, state, e.observation());
            for (ModeAlert a : r.alerts()) {
                SyntheticStream.Onset onset = stream.onsets().stream().filter(o -> o.onset() <= a.raisedAt())
                        .reduce((x, y) -> y).orElse(null);
                if (onset == null) {
                    System.out.printf(Locale.ROOT, "  FALSE ALARM at event %d: %s%n", a.raisedAt(), a.kind());
                } else {
                    System.out.printf(Locale.ROOT, "  %-11s mode (onset %d): alert %s at event %d, delay %d events; classified %s%n",
                            onset.kind(), onset.onset(), a.alertId(), a.raisedAt(), a.raisedAt() - onset.onset(), a.kind());
                }
            }
            r.vanished().forEach(v -> System.out.printf(Locale.ROOT, "  vanished: component %d at event %d (mode stopped at %d)%n",
                    v.componentId(), v.atEvent(), stream.vanishAt()));
        }
    }

    /** Alerts raised on a long stream of the stationary modes only. */
    static void falseAlarms(SyntheticWorld world, long n) {
        ModeDetector detector = new ModeDetector(new OnlineRdClusterer(OnlineSettings.defaults(PARAMETERS)), DetectionSettings.defaults());
        ScopeState scope = new OnlineRdClusterer(OnlineSettings.defaults(PARAMETERS)).newScope("stationary");
        DetectorState state = new DetectorState();
        SplittableRandom random = new SplittableRandom(99);
        List<SyntheticWorld.Mode> modes = SyntheticWorld.stationaryModes();
        double[] shares = SyntheticWorld.stationaryShares();
        long alerts = 0;
        long vanished = 0;
        long t0 = System.nanoTime();
        for (long t = 1; t <= n; t++) {
            int label = SyntheticWorld.pick(shares, random.nextDouble());
            DetectionResult r = detector.observe(scope, state, world.sample(modes.get(label), label, "s" + t, random).observation());
            alerts += r.alerts().size();
            vanished += r.vanished().size();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "%nfalse alarms on %d stationary events: %d new-mode alerts (%.2f per million), %d vanished events; K at end %d; %.0f events/s incl. generation%n",
                n, alerts, alerts * 1e6 / n, vanished, scope.k(), n / seconds);
    }

    /** The paper's 4 x 5 sweep on 500 points of 384 + 4096 dense dimensions. */
    static void sweepTime() {
        SyntheticWorld dense = new SyntheticWorld(384, 4096, 4096, 11);
        PointSet points = SyntheticWorld.pointSet(dense.mixture(SyntheticWorld.stationaryModes(), SyntheticWorld.stationaryShares(), 500, 5));
        new BatchRdClusterer(PARAMETERS, 42).cluster(points); // warm-up
        System.out.printf(Locale.ROOT, "%nbatch sweep, 500 points x (384 + 4096 dense), beta {0.5,0.75,1,1.25} x gamma {0.1,...,0.9}:%n");
        long t0 = System.nanoTime();
        StringBuilder ks = new StringBuilder();
        for (double beta : new double[] {0.5, 0.75, 1.0, 1.25}) {
            for (double gamma : new double[] {0.1, 0.3, 0.5, 0.7, 0.9}) {
                BatchResult r = new BatchRdClusterer(new RdParameters(beta, gamma), 42).cluster(points);
                ks.append(String.format(Locale.ROOT, " (%.2f,%.1f)K=%d/%dit", beta, gamma, r.k(), r.iterations()));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "  total %.2f s (%.3f s per setting, one thread)%n  %s%n", seconds, seconds / 20, ks.toString().trim());
    }

    private static void row(String name, int[] labels, int[] truth) {
        System.out.printf(Locale.ROOT, "  %-34s ARI %.3f  NMI %.3f%n", name, AdjustedRandIndex.of(labels, truth),
                NormalizedMutualInformation.of(labels, truth));
    }

    /** Agreement with the truth on the points of two modes only: 1 when a labelling separates them exactly, about 0 when it cannot. */
    private static double pairAri(int[] labels, int[] truth, int a, int b) {
        int[] rows = java.util.stream.IntStream.range(0, truth.length).filter(i -> truth[i] == a || truth[i] == b).toArray();
        return AdjustedRandIndex.of(java.util.Arrays.stream(rows).map(i -> labels[i]).toArray(),
                java.util.Arrays.stream(rows).map(i -> truth[i]).toArray());
    }
}
