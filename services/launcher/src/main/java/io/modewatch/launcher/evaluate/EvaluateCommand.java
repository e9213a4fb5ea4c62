package io.modewatch.launcher.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modewatch.clusterer.ClustererConfig;
import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.detect.DetectionSettings;
import io.modewatch.clustering.online.OnlineSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code modewatch evaluate}: the scenario suite through the real online clusterer and detector, with
 * the clusterer's default settings, on the committed tiny model's real continuations, embeddings and
 * signatures; the same streams through the semantic-only monitor for comparison.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score new-mode detection with default settings on a suite of door-world timelines"
                + " (shares 3-20%, early and late onsets, both orders, a wording shift, long stationary streams),"
                + " next to a semantic-only monitor. Model outputs are computed once per seed and cached.")
public final class EvaluateCommand implements Callable<Integer> {

    static final String RD = "RD (both views)";
    static final String SEMANTIC_ONLY = "semantic-only";

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "3",
            description = "Traffic seeds (each its own pool of sampled prompts and continuations; default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Run only the scenarios whose name contains this (default: all).")
    String only;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write every figure as JSON.")
    Path report;

    @Option(names = "--cache-dir", paramLabel = "DIR", defaultValue = ".modewatch/evaluate",
            description = "Where model outputs are cached between runs (default: ${DEFAULT-VALUE}).")
    Path cacheDir;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || seeds > 100) {
            throw new IllegalArgumentException("--seeds must lie in 1..100, got " + seeds);
        }
        List<Scenario> suite = Scenario.suite().stream().filter(s -> only == null || s.name().contains(only)).toList();
        if (suite.isEmpty()) {
            throw new IllegalArgumentException("no scenario matches --scenario " + only + "; the suite: "
                    + Scenario.suite().stream().map(Scenario::name).toList());
        }
        Map<String, String> chosen = ServiceDefaults.chosen(ClustererConfig.settings(), System.getenv());
        ClustererConfig defaults = ClustererConfig.from(ServiceDefaults.with(chosen));
        OnlineSettings online = defaults.online();
        DetectionSettings detection = defaults.detection();
        OnlineSettings semanticOnly = online.withParameters(new RdParameters(online.parameters().beta(), 1.0));
        say("modewatch evaluate: " + suite.size() + " scenarios x " + seeds + " seeds, clusterer "
                + (chosen.isEmpty() ? "defaults" : "defaults except " + new java.util.TreeMap<>(chosen))
                + " (beta " + online.parameters().beta() + ", gamma " + online.parameters().gamma() + ")");
        List<EvaluationPool> pools = pools();
        List<ScenarioScore> rd = new ArrayList<>();
        List<ScenarioScore> semantic = new ArrayList<>();
        for (EvaluationPool pool : pools) {
            for (Scenario scenario : suite) {
                long t0 = System.nanoTime();
                ScenarioStream stream = ScenarioStream.draw(scenario, pool);
                ScenarioScore a = ScenarioScore.of(stream, RD, MonitorReplay.run(online, detection, stream));
                ScenarioScore b = ScenarioScore.of(stream, SEMANTIC_ONLY, MonitorReplay.run(semanticOnly, detection, stream));
                rd.add(a);
                semantic.add(b);
                say(String.format("seed %d %-28s %s | semantic-only %s  (%.1f s)", pool.seed(), scenario.name(),
                        describe(a), describe(b), (System.nanoTime() - t0) / 1e9));
            }
        }
        EvaluationTotals rdTotals = EvaluationTotals.of(RD, rd);
        EvaluationTotals semanticTotals = EvaluationTotals.of(SEMANTIC_ONLY, semantic);
        say("");
        say(totals(rdTotals));
        say(totals(semanticTotals));
        if (report != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("seeds", pools.stream().map(EvaluationPool::seed).toList());
            json.put("clusterer_settings_changed", chosen);
            json.put("online_settings", online.toString());
            json.put("detection_settings", detection.toString());
            json.put("totals", List.of(rdTotals, semanticTotals));
            json.put("scenarios", List.of(rd, semantic));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), json);
            say("Report written to " + report.toAbsolutePath());
        }
        return 0;
    }

    private List<EvaluationPool> pools() throws IOException {
        List<EvaluationPool> pools = new ArrayList<>();
        PoolSampler sampler = null;
        try {
            for (long seed = 1; seed <= seeds; seed++) {
                String fingerprint = PoolSampler.fingerprint();
                Path file = cacheDir.resolve("pool-seed" + seed + "-" + digest(fingerprint) + ".bin.gz");
                if (Files.isRegularFile(file)) {
                    try {
                        pools.add(EvaluationPool.read(file));
                        continue;
                    } catch (IOException | RuntimeException e) {
                        // A cache is only a shortcut: an unreadable one (truncated, from another format) is recomputed.
                        say("  the cached model outputs in " + file + " cannot be read (" + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); computing them again");
                    }
                }
                if (sampler == null) {
                    say("Computing model outputs (sampler, embedder and attributor settings"
                            + (PoolSampler.chosen().isEmpty() ? "" : ", except " + PoolSampler.chosen()) + ") once per seed;"
                            + " cached in " + cacheDir + " ...");
                    sampler = new PoolSampler();
                }
                long t0 = System.nanoTime();
                EvaluationPool pool = sampler.sample(seed, EvaluateCommand::progress);
                pool.write(file);
                say(String.format("  seed %d: %d continuations in %.0f s", seed, pool.continuations(), (System.nanoTime() - t0) / 1e9));
                pools.add(pool);
            }
        } finally {
            if (sampler != null) {
                sampler.close();
            }
        }
        return pools;
    }

    private static long lastProgress;

    private static void progress(String line) {
        if (System.nanoTime() - lastProgress > 5_000_000_000L) {
            lastProgress = System.nanoTime();
            say(line);
        }
    }

    private static String describe(ScenarioScore s) {
        StringBuilder out = new StringBuilder();
        for (ScenarioScore.ModeScore m : s.modes()) {
            out.append(m.label()).append(' ').append(m.detected() ? "+" + m.delay() : "MISSED")
                    .append(m.alerts() > 0 ? " " + String.join(",", m.kinds()) : "").append("; ");
        }
        return out.append("false ").append(s.falseAlerts()).toString();
    }

    private static String totals(EvaluationTotals t) {
        return String.format("%-16s recall (right kind) %d/%d = %.0f%% | median delay %s (at 5%%: %s) | alerts per mode"
                        + " mean %.2f max %d | false alerts %d over %,d stationary continuations = %.2f per 10k |"
                        + " urgent wording as MECHANISTIC %d",
                t.monitor(), t.detected(), t.injected(), 100 * t.recall(), figure(t.medianDelay()),
                figure(t.medianDelayAt5Percent()), t.meanAlertsPerMode(), t.maxAlertsPerMode(), t.falseAlerts(),
                t.stationaryEvents(), t.falseAlertsPer10k(), t.urgentMechanistic());
    }

    private static String figure(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.0f", v);
    }

    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
