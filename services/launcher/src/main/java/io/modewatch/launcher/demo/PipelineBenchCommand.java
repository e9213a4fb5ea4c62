package io.modewatch.launcher.demo;

import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RuntimeOptions;
import io.modewatch.models.world.DoorWorld;
import io.modewatch.models.world.TrafficEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code modewatch bench pipeline}: end-to-end continuations per second through the whole pipeline
 * with the tiny model, per stage. All prompts are produced at once, so every stage has a backlog
 * and runs as fast as it can; a stage's rate is its output over the time it took, and the slowest
 * stage limits the pipeline.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Continuations per second through sampler, embedder, attributor and clusterer with the tiny model.")
public final class PipelineBenchCommand implements Callable<Integer> {

    @Option(names = "--prompts", defaultValue = "500", description = "Prompts produced at once; default ${DEFAULT-VALUE}.")
    int prompts;

    @Option(names = "--samples", defaultValue = "4", description = "Continuations per prompt; default ${DEFAULT-VALUE}.")
    int samples;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        if (prompts < 50 || samples < 1) {
            throw new IllegalArgumentException("need --prompts >= 50 and --samples >= 1");
        }
        Path dir = Files.createTempDirectory("modewatch-bench-pipeline-");
        try (EmbeddedRuntime up = EmbeddedRuntime.start(runtime.toOptions(dir.resolve("runtime")), System.out::println);
             DemoPipeline pipeline = DemoPipeline.start(up, dir, samples,
                     DemoCommand.clustererSettings(), alert -> { }, System.out::println)) {
            DemoObserver o = pipeline.observer;
            Map<String, LongSupplier> stages = new LinkedHashMap<>();
            stages.put("sampler (continuations)", () -> o.count(ModewatchTopics.CONTINUATIONS.name()));
            stages.put("embedder (embeddings)", () -> o.count(ModewatchTopics.EMBEDDINGS.name()));
            stages.put("attributor (signatures)", () -> o.count(ModewatchTopics.SIGNATURES.name()));
            stages.put("clusterer (assignments)", () -> o.count(ModewatchTopics.ASSIGNMENTS.name()));
            long expected = (long) prompts * samples;
            List<TrafficEvent> timeline = new DoorWorld(DoorWorld.DEFAULT_SEED).timeline(prompts, System.currentTimeMillis(), 10);
            long start = System.nanoTime();
            timeline.forEach(pipeline.traffic::send);
            pipeline.traffic.flush();
            Map<String, Long> doneAt = new LinkedHashMap<>();
            long deadline = start + 15 * 60_000_000_000L;
            while (doneAt.size() < stages.size() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                long now = System.nanoTime();
                stages.forEach((stage, count) -> {
                    if (count.getAsLong() >= expected * 0.98) {
                        doneAt.putIfAbsent(stage, now);
                    }
                });
            }
            System.out.println();
            System.out.printf("modewatch bench pipeline: %d prompts x %d continuations produced at once, tiny world model,"
                    + " all-MiniLM-L6-v2, 4 services in one JVM; %s%n", prompts, samples,
                    io.modewatch.launcher.bench.BenchCommand.machine());
            String slowest = null;
            double slowestRate = Double.MAX_VALUE;
            for (var e : stages.entrySet()) {
                long count = e.getValue().getAsLong();
                long end = doneAt.getOrDefault(e.getKey(), System.nanoTime());
                double seconds = (end - start) / 1e9;
                double rate = count / seconds;
                System.out.printf("  %-26s %6d in %6.1f s since the first prompt = %6.1f continuations/s%n", e.getKey(),
                        count, seconds, rate);
                if (rate < slowestRate) {
                    slowestRate = rate;
                    slowest = e.getKey();
                }
            }
            // Each stage waits for the one before it, so a stage that finishes barely after its input is not the limit.
            System.out.printf("  end to end: %.1f continuations/s; stage rates are cumulative, so the first stage whose"
                    + " rate drops well below the one before it is the limit (lowest: %s)%n", slowestRate, slowest);
            return doneAt.size() == stages.size() ? 0 : 1;
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
