package io.modewatch.launcher.demo;

import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RuntimeOptions;
import io.modewatch.models.world.DoorWorld;
import io.modewatch.models.world.TrafficEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code modewatch bench soak}: the whole pipeline (the four services in one JVM, the embedded
 * broker and registry, the tiny model) under a steady prompt rate for a given time, with a line of
 * figures every interval: throughput, backlog, retained heap, RocksDB size, dead letters. What a
 * leak or an unbounded state looks like is a number that keeps growing at a steady load; the summary
 * compares the second interval with the last, and the backlog must drain once the load stops.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "The whole pipeline at a steady prompt rate for N minutes: throughput, backlog, heap and RocksDB size over time.")
public final class SoakBenchCommand implements Callable<Integer> {

    @Option(names = "--minutes", defaultValue = "30", description = "How long the load lasts; default ${DEFAULT-VALUE}.")
    double minutes;

    @Option(names = "--rate", defaultValue = "8", description = "Prompts per second; default ${DEFAULT-VALUE}"
            + " (32 continuations/s at 4 samples, about half of what bench pipeline measures on 2 cores).")
    double rate;

    @Option(names = "--samples", defaultValue = "4", description = "Continuations per prompt; default ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--interval", defaultValue = "30", description = "Seconds between lines of figures; default ${DEFAULT-VALUE}.")
    int intervalSeconds;

    @Option(names = "--drain-seconds", defaultValue = "180",
            description = "How long the backlog may take to drain after the load stops; default ${DEFAULT-VALUE}.")
    int drainSeconds;

    @Mixin
    RuntimeOptions runtime;

    /** One line of figures. */
    record Sample(double elapsedS, long prompts, long continuations, long assigned, double assignedPerS, long backlog,
                  double heapMb, double rocksDbMb, long deadLetters) {
    }

    @Override
    public Integer call() throws Exception {
        if (minutes <= 0 || rate <= 0 || samples < 1 || intervalSeconds < 1) {
            throw new IllegalArgumentException("need --minutes > 0, --rate > 0, --samples >= 1 and --interval >= 1");
        }
        Path dir = Files.createTempDirectory("modewatch-bench-soak-");
        try (EmbeddedRuntime up = EmbeddedRuntime.start(runtime.toOptions(dir.resolve("runtime")), System.out::println);
             DemoPipeline pipeline = DemoPipeline.start(up, dir, samples, DemoCommand.clustererSettings(), alert -> { },
                     System.out::println, false, List.of())) {
            int total = (int) Math.ceil(minutes * 60 * rate);
            List<TrafficEvent> timeline = new DoorWorld(DoorWorld.DEFAULT_SEED).timeline(total, System.currentTimeMillis(),
                    Math.max(1, Math.round(1000 / rate)));
            System.out.printf("modewatch bench soak: %d prompts at %.1f/s for %.1f min, %d continuations each; %s%n",
                    total, rate, minutes, samples, io.modewatch.launcher.bench.BenchCommand.machine());
            System.out.printf("%8s %8s %13s %9s %12s %8s %9s %10s %5s%n", "t (s)", "prompts", "continuations",
                    "assigned", "assigned/s", "backlog", "heap MB", "RocksDB MB", "DLQ");
            List<Sample> samplesSeen = new ArrayList<>();
            DemoObserver o = pipeline.observer;
            long start = System.nanoTime();
            long nextLine = start + intervalSeconds * 1_000_000_000L;
            long lastAssigned = 0;
            long lastLine = start;
            int sent = 0;
            while (sent < total) {
                long due = start + (long) (sent / rate * 1e9);
                long now = System.nanoTime();
                if (now >= due) {
                    pipeline.traffic.send(timeline.get(sent++));
                    continue;
                }
                if (now >= nextLine) {
                    Sample s = sample(o, dir, sent, start, lastAssigned, lastLine);
                    samplesSeen.add(s);
                    print(s);
                    lastAssigned = s.assigned();
                    lastLine = now;
                    nextLine += intervalSeconds * 1_000_000_000L;
                }
                Thread.sleep(Math.max(1, Math.min((due - now) / 1_000_000, 50)));
            }
            pipeline.traffic.flush();
            long loadEnd = System.nanoTime();
            long expected = (long) total * samples;
            while (o.count(ModewatchTopics.ASSIGNMENTS.name()) < o.count(ModewatchTopics.CONTINUATIONS.name())
                    || o.count(ModewatchTopics.CONTINUATIONS.name()) < expected * 0.98) {
                if (System.nanoTime() - loadEnd > drainSeconds * 1_000_000_000L) {
                    break;
                }
                Thread.sleep(500);
            }
            double drain = (System.nanoTime() - loadEnd) / 1e9;
            Sample last = sample(o, dir, sent, start, lastAssigned, lastLine);
            samplesSeen.add(last);
            print(last);
            boolean drained = last.backlog() == 0 && last.continuations() >= expected * 0.98;
            summarize(samplesSeen, drained, drain);
            return drained ? 0 : 1;
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Sample sample(DemoObserver o, Path dir, int sent, long start, long lastAssigned, long lastLine) {
        long now = System.nanoTime();
        long continuations = o.count(ModewatchTopics.CONTINUATIONS.name());
        long assigned = o.count(ModewatchTopics.ASSIGNMENTS.name());
        // Retained heap: what is left after a collection is what a leak would grow.
        System.gc();
        double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        return new Sample((now - start) / 1e9, sent, continuations, assigned,
                (assigned - lastAssigned) / Math.max(1e-9, (now - lastLine) / 1e9), continuations - assigned, heapMb,
                bytesUnder(dir.resolve("clusterer")) / 1048576.0, o.deadLetters());
    }

    private static void print(Sample s) {
        System.out.printf("%8.0f %8d %13d %9d %12.1f %8d %9.1f %10.1f %5d%n", s.elapsedS(), s.prompts(), s.continuations(),
                s.assigned(), s.assignedPerS(), s.backlog(), s.heapMb(), s.rocksDbMb(), s.deadLetters());
    }

    private void summarize(List<Sample> all, boolean drained, double drainSeconds) {
        // The first interval holds the JIT warm-up and the scopes' bootstrap; the last one the drain.
        List<Sample> steady = all.size() > 3 ? all.subList(1, all.size() - 1) : all;
        double[] rates = steady.stream().mapToDouble(Sample::assignedPerS).sorted().toArray();
        Sample first = steady.get(0);
        Sample last = all.get(all.size() - 1);
        System.out.println();
        System.out.printf("  assigned/s over %d steady intervals: min %.1f / median %.1f / max %.1f (offered %.1f)%n",
                rates.length, rates[0], rates[rates.length / 2], rates[rates.length - 1], rate * samples);
        System.out.printf("  retained heap: %.1f MB at %.0f s, %.1f MB at the end (max %.1f MB)%n", first.heapMb(),
                first.elapsedS(), last.heapMb(), all.stream().mapToDouble(Sample::heapMb).max().orElse(0));
        System.out.printf("  RocksDB state: %.1f MB at %.0f s, %.1f MB at the end%n", first.rocksDbMb(), first.elapsedS(),
                last.rocksDbMb());
        System.out.printf("  backlog: max %d continuations; after the load stopped it %s in %.1f s; dead letters %d%n",
                all.stream().mapToLong(Sample::backlog).max().orElse(0), drained ? "drained" : "did NOT drain", drainSeconds,
                last.deadLetters());
    }

    private static long bytesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a RocksDB file compacted away while walking
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
