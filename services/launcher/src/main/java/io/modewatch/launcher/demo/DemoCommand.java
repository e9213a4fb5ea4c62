package io.modewatch.launcher.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modewatch.attributor.AttributorConfig;
import io.modewatch.clusterer.ClustererConfig;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.embedder.EmbedderConfig;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RuntimeOptions;
import io.modewatch.models.world.DoorWorld;
import io.modewatch.models.world.TrafficEvent;
import io.modewatch.sampler.SamplerConfig;
import io.modewatch.schema.ModeAlert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code modewatch demo}: the whole pipeline on the embedded default. A real broker and registry,
 * the tiny door-world model as the monitored LLM, all-MiniLM-L6-v2 as the embedder, the sampler,
 * embedder, attributor and clusterer services, and the synthetic world's traffic script: a
 * stationary stretch, then a semantically new mode (refusals), then a mode with the same text
 * produced by a different mechanism (copying a note instead of recalling), then a fading mode.
 * Prints progress and alerts as they arrive, and ends with a table against the ground truth,
 * next to what a semantic-only clustering of the same stream detects.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on the embedded default (broker, registry, tiny model, embedder,"
                + " services, synthetic traffic) and score the alerts against the ground truth. Stops by itself.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "A shorter timeline (900 prompts).")
    boolean quick;

    @Option(names = "--prompts", paramLabel = "N", defaultValue = "1600",
            description = "Prompts in the traffic script (default: ${DEFAULT-VALUE}; --quick: 900).")
    int prompts;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "10",
            description = "Prompts produced per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "4",
            description = "Continuations sampled per prompt (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--max-minutes", paramLabel = "MINUTES", defaultValue = "9",
            description = "Stop waiting for the pipeline to drain after this long (default: ${DEFAULT-VALUE}).")
    int maxMinutes;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the summary as JSON.")
    Path report;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Keep the demo's data here (default: a temporary directory, deleted at the end).")
    Path stateDir;

    @Option(names = "--webhook", paramLabel = "URL",
            description = "Also run the notifier and deliver every alert to this webhook as JSON (repeatable).")
    List<String> webhooks = new ArrayList<>();

    @Option(names = "--keep", description = "After the summary, keep the broker, registry and services running (queries,"
            + " metrics, the notifier) until Ctrl-C.")
    boolean keep;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        int n = quick ? 900 : prompts;
        if (n < 100 || rate <= 0 || samples < 1 || samples > 32) {
            throw new IllegalArgumentException("need --prompts >= 100, --rate > 0 and 1 <= --samples <= 32");
        }
        boolean temporary = stateDir == null;
        Path dir = temporary ? Files.createTempDirectory("modewatch-demo-") : stateDir;
        long started = System.nanoTime();
        say("modewatch demo: " + n + " prompts of the door world at " + rate + "/s, " + samples
                + " continuations each, through sampler -> embedder + attributor -> clusterer");
        // With --keep, Ctrl-C ends the wait after the summary; the hook then lets this thread stop
        // the services and the registry and delete the state before the JVM halts.
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch cleaned = new CountDownLatch(1);
        if (keep) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopped.countDown();
                try {
                    cleaned.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "demo-stop"));
        }
        try (EmbeddedRuntime up = EmbeddedRuntime.start(runtime.toOptions(dir.resolve("runtime")), DemoCommand::say)) {
            run(up, dir, n, started, stopped);
        } finally {
            if (temporary) {
                deleteRecursively(dir);
            }
            cleaned.countDown();
        }
        return 0;
    }

    /**
     * The clusterer runs with its defaults: nothing here may come from the traffic script (its phase
     * lengths are unknown to a real user). Kept as a map so the report records what ran.
     */
    static Map<String, String> clustererSettings() {
        return Map.of();
    }

    private void run(EmbeddedRuntime up, Path dir, int n, long started, CountDownLatch stopped) throws Exception {
        try (DemoPipeline pipeline = DemoPipeline.start(up, dir, samples, clustererSettings(),
                DemoCommand::printAlert, DemoCommand::say, true, webhooks)) {
            DemoObserver observer = pipeline.observer;
            WorldTraffic traffic = pipeline.traffic;
            List<TrafficEvent> timeline = new DoorWorld(DoorWorld.DEFAULT_SEED).timeline(n, System.currentTimeMillis(),
                    (long) (1000 / rate));
            long t0 = System.nanoTime();
            long nextReport = t0;
            for (int i = 0; i < timeline.size(); i++) {
                traffic.send(timeline.get(i));
                long due = t0 + (long) ((i + 1) * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.sleep(Math.max(1, Math.min(200, (due - System.nanoTime()) / 1_000_000)));
                }
                if (System.nanoTime() >= nextReport) {
                    progress(started, traffic, observer, timeline.get(i));
                    nextReport = System.nanoTime() + 10_000_000_000L;
                }
            }
            traffic.flush();
            say("All " + n + " prompts sent; waiting for the pipeline to finish ...");
            long deadline = started + maxMinutes * 60_000_000_000L;
            while (System.nanoTime() < deadline && !drained(observer, n)) {
                Thread.sleep(1000);
                if (System.nanoTime() >= nextReport) {
                    progress(started, traffic, observer, null);
                    nextReport = System.nanoTime() + 10_000_000_000L;
                }
            }
            Thread.sleep(1500);
            progress(started, traffic, observer, null);
            summarise(observer, pipeline.clustererConfig, started, n);
            if (keep) {
                say("Still running (--keep): queries on http://127.0.0.1:" + pipeline.clusterer.httpPort()
                        + "/scopes, Kafka on " + up.bootstrapServers() + ", the registry on " + up.registryUrl()
                        + ". Press Ctrl-C to stop.");
                stopped.await();
                say("Stopping ...");
            }
        }
    }

    /** Every prompt became its continuations and every continuation was assigned or dead-lettered. */
    private boolean drained(DemoObserver o, int prompts) {
        long continuations = o.count(ModewatchTopics.CONTINUATIONS.name());
        long samplerDead = o.count(ModewatchTopics.deadLetter(SamplerConfig.SERVICE).name());
        boolean sampled = continuations + samplerDead * samples >= (long) prompts * samples * 0.98;
        long accounted = o.assignmentCount() + o.count(ModewatchTopics.deadLetter(EmbedderConfig.SERVICE).name())
                + o.count(ModewatchTopics.deadLetter(AttributorConfig.SERVICE).name())
                + o.count(ModewatchTopics.deadLetter(ClustererConfig.SERVICE).name());
        return sampled && accounted >= continuations && continuations > 0;
    }

    private static void progress(long started, WorldTraffic traffic, DemoObserver o, TrafficEvent current) {
        Map<String, Map<Long, Integer>> clusters = o.recentClusters(400);
        String scopes = clusters.entrySet().stream().map(e -> e.getKey() + " K=" + e.getValue().keySet().stream()
                        .filter(id -> id >= 0).count() + " " + shares(e.getValue()))
                .collect(Collectors.joining("; "));
        say(String.format("[%4ds]%s prompts %d | continuations %d | embeddings %d | signatures %d | assigned %d |"
                        + " alerts %d | dead letters %d%n        largest clusters (last 400 per scope): %s",
                (System.nanoTime() - started) / 1_000_000_000L,
                current == null ? "" : " phase " + current.attributes().getOrDefault("timeline_phase", "?") + " |",
                traffic.produced.get(), o.count(ModewatchTopics.CONTINUATIONS.name()), o.embeddingCount(),
                o.signatureCount(), o.assignmentCount(), o.alerts().size(), o.deadLetters(),
                scopes.isEmpty() ? "(bootstrapping)" : scopes));
    }

    private static String shares(Map<Long, Integer> counts) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        String top = counts.entrySet().stream().sorted(Map.Entry.<Long, Integer>comparingByValue().reversed())
                .limit(6)
                .map(e -> (e.getKey() < 0 ? "pending" : "#" + e.getKey()) + ":" + Math.round(100.0 * e.getValue() / total) + "%")
                .collect(Collectors.joining(" "));
        return "[" + top + (counts.size() > 6 ? " ...]" : "]");
    }

    private static void printAlert(ModeAlert a) {
        String view = switch (a.getNoveltyKind()) {
            case SEMANTIC -> "SEMANTIC: it says something new";
            case MECHANISTIC -> "MECHANISTIC: same meaning, produced by a new mechanism";
            case BOTH -> "BOTH: new in meaning and in mechanism";
        };
        StringBuilder out = new StringBuilder();
        out.append(String.format("%n  *** NEW MODE in scope '%s' -- %s%n", a.getScope(), view));
        out.append(String.format("      share %.1f%% of the scope's continuations since its first, %d continuations in %d"
                        + " component(s), the largest #%d%s%n", 100 * a.getShare(), a.getCount(),
                Math.max(1, a.getComponentIds().size()), a.getComponentId(),
                a.getParentId() == null ? "" : " (split from #" + a.getParentId() + ")"));
        out.append(String.format("      nearest known mode in meaning #%d: distance %.4f (new beyond %.4f);"
                        + " in mechanism #%d: distance %.2f (new beyond %.2f)%n", a.getNearestSemanticReferenceId(),
                a.getReferenceDistances().getSemantic(), a.getThresholds().getSemantic(),
                a.getNearestMechanisticReferenceId(), a.getReferenceDistances().getMechanistic(),
                a.getThresholds().getMechanistic()));
        out.append("      exemplars: ").append(a.getExemplars().stream().limit(3)
                .map(e -> "\"" + e.getText() + "\"").collect(Collectors.joining(", "))).append('\n');
        out.append("      top units: ").append(a.getTopUnits().stream().limit(5)
                .map(u -> (u.getUnitLabel() == null ? "#" + u.getUnitIndex() : u.getUnitLabel())
                        + String.format("%+.2f", u.getAttribution()))
                .collect(Collectors.joining(" "))).append('\n');
        out.append("      alert id ").append(a.getAlertId()).append('\n');
        say(out.toString());
    }

    private void summarise(DemoObserver o, ClustererConfig config, long started, int n) throws IOException {
        var assignments = o.assignments();
        var streamed = DemoSummary.score("RD (both views)", assignments,
                o.alerts().stream().map(DemoSummary.ScoredAlert::of).toList(), o::embedding);
        say("Replaying the same continuations through a semantic-only clustering (gamma = 1) ...");
        var semanticOnly = DemoSummary.score("semantic-only", assignments,
                SemanticOnlyReplay.run(config.online(), config.detection(), assignments, o::embedding, o::signature),
                o::embedding);
        long continuations = o.count(ModewatchTopics.CONTINUATIONS.name());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        say("");
        say("Summary after " + seconds + " s: " + n + " prompts, " + continuations + " continuations, "
                + assignments.size() + " assigned, dead letters " + o.deadLettersByTopic());
        say(DemoSummary.table(List.of(streamed, semanticOnly)));
        if (report != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("prompts", n);
            json.put("continuations", continuations);
            json.put("assigned", assignments.size());
            json.put("dead_letters", o.deadLettersByTopic());
            json.put("seconds", seconds);
            json.put("clusterer_settings", clustererSettings());
            json.put("monitors", List.of(streamed, semanticOnly));
            json.put("alerts", o.alerts().stream().map(io.modewatch.common.serde.AvroJson::toPlain).toList());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), json);
            say("Report written to " + report.toAbsolutePath());
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete the demo's temporary directory " + dir + ": " + e.getMessage());
        }
    }
}
