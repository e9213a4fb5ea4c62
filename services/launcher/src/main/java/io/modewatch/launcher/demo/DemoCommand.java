package io.modewatch.launcher.demo;

import io.micrometer.core.instrument.Metrics;
import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.ServiceEnvironment;
import io.modewatch.common.config.Settings;
import io.modewatch.common.serde.PromptEventDeserializer;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.streams.StreamsService;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RuntimeOptions;
import io.modewatch.schema.PromptEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code modewatch demo}: everything on the embedded default in one command. For now: the
 * embedded Kafka and registry, placeholder prompt traffic and the prompt intake stage, with
 * progress printed as it goes; it stops by itself.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run modewatch on the embedded default (Kafka, registry and traffic started for you) and"
                + " show what happens. Stops by itself.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long traffic runs (default: ${DEFAULT-VALUE} s).")
    int durationSeconds;

    @Option(names = "--quick", description = "A short run (10 s of traffic).")
    boolean quick;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "50",
            description = "Prompts produced per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the traffic (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Keep the demo's Kafka and registry data here (default: a temporary directory, deleted at the end).")
    Path stateDir;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        if (rate < 1 || rate > 10_000) {
            throw new IllegalArgumentException("--rate must be between 1 and 10000 prompts per second, was " + rate);
        }
        int seconds = quick ? 10 : durationSeconds;
        if (seconds < 1) {
            throw new IllegalArgumentException("--duration must be at least 1 second, was " + seconds);
        }
        boolean temporary = stateDir == null;
        Path dir = temporary ? Files.createTempDirectory("modewatch-demo-") : stateDir;
        say("modewatch demo: " + seconds + " s of prompt traffic at " + rate + "/s on the embedded runtime");
        try (EmbeddedRuntime up = EmbeddedRuntime.start(runtime.toOptions(dir.resolve("runtime")), DemoCommand::say)) {
            run(up, dir, seconds);
        } finally {
            if (temporary) {
                deleteRecursively(dir);
            }
        }
        return 0;
    }

    private void run(EmbeddedRuntime up, Path dir, int seconds) throws InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", up.bootstrapServers());
        env.put(CommonSettings.REGISTRY_URL.name(), up.registryUrl().toString());
        env.put(CommonSettings.HTTP_PORT.name(), "0");
        env.put(CommonSettings.HTTP_HOST.name(), "127.0.0.1");
        env.put(CommonSettings.STATE_DIR.name(), dir.resolve("streams").toString());
        env.put("KAFKA_COMMIT_INTERVAL_MS", "200");
        ServiceEnvironment intakeEnv = ServiceEnvironment.from(PromptIntakeTopology.SERVICE,
                Settings.of(env, CommonSettings.ALL));
        var serdes = new RegistryAvroSerdes(up.registryUrl());
        var avro = serdes.valueSerde(PromptEvent.class);
        var prompts = Serdes.serdeFrom(avro.serializer(), new PromptEventDeserializer(avro.deserializer()));

        try (StreamsService intake = new StreamsService(intakeEnv, "modewatch-demo-intake",
                PromptIntakeTopology.build(prompts), List.of(ModewatchTopics.PROMPTS), Map.of());
             PlaceholderTraffic traffic = new PlaceholderTraffic(up.kafkaProperties(), avro.serializer(), seed, 0.2,
                     0.02)) {
            intake.start();
            say("Prompt intake running (metrics: http://127.0.0.1:" + intake.httpPort() + "/metrics)");
            long start = System.nanoTime();
            long nextReport = 2;
            long intervalNanos = 1_000_000_000L / rate;
            long next = start;
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                traffic.sendOne();
                next += intervalNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
                long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
                if (elapsed >= nextReport) {
                    report(elapsed, traffic, intake.streams());
                    nextReport += 2;
                }
            }
            traffic.flush();
            say("Traffic stopped; waiting for the intake to catch up ...");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (processed(intake.streams()) + deadLettered() < traffic.produced() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            report((System.nanoTime() - start) / 1_000_000_000L, traffic, intake.streams());
            long accounted = processed(intake.streams()) + deadLettered();
            say("Done: " + traffic.produced() + " prompts produced, " + accounted + " accounted for ("
                    + processed(intake.streams()) + " processed, " + deadLettered() + " dead-lettered to "
                    + ModewatchTopics.deadLetter(PromptIntakeTopology.SERVICE).name() + " with their reason).");
        }
    }

    private static void report(long elapsed, PlaceholderTraffic traffic, KafkaStreams streams) {
        Map<String, Long> perScope = countsPerScope(streams);
        long processed = perScope.values().stream().mapToLong(Long::longValue).sum();
        say(String.format("[%3ds] produced %d (Avro %d, JSON %d, malformed %d) | processed %d | dead-lettered %d | per scope %s",
                elapsed, traffic.produced(), traffic.avro.get(), traffic.json.get(), traffic.malformed.get(), processed,
                deadLettered(), perScope));
    }

    private static long processed(KafkaStreams streams) {
        return countsPerScope(streams).values().stream().mapToLong(Long::longValue).sum();
    }

    private static long deadLettered() {
        return (long) Metrics.globalRegistry.find("modewatch.dead.letters").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static Map<String, Long> countsPerScope(KafkaStreams streams) {
        Map<String, Long> out = new TreeMap<>();
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return out;
        }
        try {
            var store = streams.store(StoreQueryParameters.fromNameAndType(PromptIntakeTopology.COUNTS_STORE,
                    QueryableStoreTypes.<String, Long>keyValueStore()));
            try (var it = store.all()) {
                it.forEachRemaining(kv -> out.merge(kv.key, kv.value, Long::sum));
            }
        } catch (RuntimeException e) {
            // The store is briefly unavailable while tasks are assigned; the next report catches up.
        }
        return out;
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
