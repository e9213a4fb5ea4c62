package io.modewatch.launcher.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RuntimeOptions;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code modewatch bench failover}: several clusterer instances, each {@code modewatch run clusterer}
 * in its own OS process with its own state directory and a standby replica of every task, under a
 * steady stream; one is killed with SIGKILL and never restarted. Prints how long the scopes it
 * owned went without assignments, how long until their continuations were assigned promptly again,
 * the latency of the other scopes meanwhile, and whether every continuation was assigned exactly
 * once (read_committed). Repeated {@code --runs} times on a fresh broker, with min / median / max.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Clusterer instances as OS processes under a steady stream; one is killed (SIGKILL) and the"
                + " others take its scopes over: the time to recover and exactly-once, over several runs."
                + " Use --partitions 6 (or more) so that every instance holds several partitions.")
public final class FailoverBenchCommand implements Callable<Integer> {

    @Option(names = "--instances", defaultValue = "3", description = "Clusterer instances; default ${DEFAULT-VALUE}.")
    int instances;

    @Option(names = "--scopes", defaultValue = "12", description = "Scopes the stream spreads over; default ${DEFAULT-VALUE}.")
    int scopes;

    @Option(names = "--rate", defaultValue = "200", description = "Continuations per second offered; default ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--before", defaultValue = "40", description = "Seconds of stream before the kill; default ${DEFAULT-VALUE}.")
    int before;

    @Option(names = "--after", defaultValue = "90", description = "Seconds of stream after the kill; default ${DEFAULT-VALUE}.")
    int after;

    @Option(names = "--runs", defaultValue = "3", description = "Runs, each on a fresh broker; default ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--standby", defaultValue = "1",
            description = "Standby replicas of every task (KAFKA_NUM_STANDBY_REPLICAS); default ${DEFAULT-VALUE}.")
    int standby;

    @Option(names = "--session-timeout-ms", defaultValue = "0",
            description = "KAFKA_SESSION_TIMEOUT_MS of the instances (0: Kafka's default, 45,000); how soon the group notices"
                    + " a killed instance.")
    int sessionTimeoutMs;

    @Option(names = "--prompt-latency-ms", defaultValue = "2000",
            description = "An assignment within this time of its send counts as prompt (for the catch-up time); default ${DEFAULT-VALUE}.")
    int promptMillis;

    @Option(names = "--heap", defaultValue = "512m", description = "-Xmx of each instance; default ${DEFAULT-VALUE}.")
    String heap;

    @Mixin
    RuntimeOptions runtime;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run measured. */
    record Run(int movedScopes, long gapMillis, long caughtUpMillis, long othersP99Millis, long othersMaxMillis, int sent,
               int assigned, int duplicates) {
    }

    @Override
    public Integer call() throws Exception {
        if (instances < 2 || runtime.partitions() < instances || scopes < instances || rate < 1 || before < 5 || after < 5
                || runs < 1 || standby < 0 || sessionTimeoutMs < 0 || promptMillis < 1) {
            throw new IllegalArgumentException("need --instances >= 2, --partitions >= --instances, --scopes >= --instances,"
                    + " --rate >= 1, --before and --after >= 5, --runs >= 1, --standby >= 0");
        }
        Path jar = Path.of(FailoverBenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!jar.toString().endsWith(".jar")) {
            throw new IllegalStateException("run this bench from the modewatch jar (./modewatch bench failover): it starts"
                    + " the clusterer instances as `java -jar <jar> run clusterer`");
        }
        List<Run> results = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            System.out.printf("run %d of %d%n", r, runs);
            Run run = once(jar, r);
            results.add(run);
            System.out.printf("  run %d: %d scopes moved; no assignment for them for %.1f s after the kill; prompt again (every later"
                            + " one within %d ms) %.1f s after the kill; the other scopes meanwhile p99 %d ms, max %d ms;"
                            + " %d sent, %d assigned, %d assigned twice%n", r, run.movedScopes(), run.gapMillis() / 1000.0,
                    promptMillis, run.caughtUpMillis() / 1000.0, run.othersP99Millis(), run.othersMaxMillis(), run.sent(),
                    run.assigned(), run.duplicates());
        }
        System.out.println();
        System.out.printf("modewatch bench failover: %d clusterer instances (own processes, -Xmx%s), %d partitions, %d scopes,"
                        + " %d continuations/s, kill -9 of one after %d s, %d s more stream; standby replicas %d; session timeout %s;"
                        + " %s%n", instances, heap, runtime.partitions(), scopes, rate, before, after, standby,
                sessionTimeoutMs == 0 ? "Kafka's default" : sessionTimeoutMs + " ms", BenchCommand.machine());
        System.out.println("  moved scopes without assignments (s): " + summary(results.stream().mapToLong(Run::gapMillis).toArray()));
        System.out.println("  until prompt again (s):               " + summary(results.stream().mapToLong(Run::caughtUpMillis).toArray()));
        System.out.println("  other scopes' p99 latency (s):        " + summary(results.stream().mapToLong(Run::othersP99Millis).toArray()));
        boolean exact = results.stream().allMatch(x -> x.assigned() == x.sent() && x.duplicates() == 0);
        System.out.println("  every continuation assigned exactly once: " + (exact ? "yes, in every run" : "NO"));
        return exact ? 0 : 1;
    }

    private static String summary(long[] millis) {
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format("min %.1f / median %.1f / max %.1f", sorted[0] / 1000.0, sorted[sorted.length / 2] / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
    }

    private Run once(Path jar, int runNumber) throws Exception {
        Path dir = Files.createTempDirectory("modewatch-bench-failover-");
        List<Process> processes = new ArrayList<>();
        try (EmbeddedRuntime up = EmbeddedRuntime.start(runtime.toOptions(dir.resolve("runtime")), line -> { })) {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                int port = freePort();
                ports.add(port);
                processes.add(startInstance(jar, up, dir, i, port));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            awaitReady(http, ports, processes, dir);
            RegistryAvroSerdes serdes = new RegistryAvroSerdes(up.registryUrl());
            var embeddings = serdes.valueSerde(ContinuationEmbedding.class).serializer();
            var signatures = serdes.valueSerde(ContinuationSignature.class).serializer();
            var assignments = serdes.valueSerde(ClusterAssignment.class).deserializer();
            int total = rate * (before + after);
            long[] sentAt = new long[total];
            long[] assignedAt = new long[total];
            AtomicInteger duplicates = new AtomicInteger();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            AtomicInteger assigned = new AtomicInteger();
            SyntheticPairs pairs = new SyntheticPairs(runNumber, scopes, 4, 64, 512, 32, 0.02, 0.04);
            try (var producer = new KafkaProducer<>(producerProps(up), new StringSerializer(), new ByteArraySerializer());
                 var consumer = new KafkaConsumer<>(consumerProps(up), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(ModewatchTopics.ASSIGNMENTS.name()));
                Thread reader = new Thread(() -> {
                    // Reads until told to stop, after the last assignment: a late duplicate is counted too.
                    while (!stop.get()) {
                        for (var rec : consumer.poll(Duration.ofMillis(100))) {
                            long now = System.currentTimeMillis();
                            int n = SyntheticPairs.index(assignments.deserialize(rec.topic(), rec.headers(), rec.value()).getContinuationId());
                            if (assignedAt[n] != 0) {
                                duplicates.incrementAndGet();
                            } else {
                                assignedAt[n] = now;
                                assigned.incrementAndGet();
                            }
                        }
                    }
                }, "bench-reader");
                reader.setDaemon(true);
                reader.start();

                long t0 = System.nanoTime();
                long killedAt = 0;
                Set<String> moved = new TreeSet<>();
                for (int n = 0; n < total; n++) {
                    if (n == rate * before) {
                        moved.addAll(localScopes(http, ports.get(0)));
                        processes.get(0).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                        killedAt = System.currentTimeMillis();
                        System.out.printf("  killed instance 0 (it held %s) after %d continuations%n", moved, n);
                    }
                    long wait = t0 + (long) (n * 1e9 / rate) - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    SyntheticPairs.Pair p = pairs.next();
                    long now = System.currentTimeMillis();
                    p.embedding().setTimestamp(Instant.ofEpochMilli(now));
                    p.signature().setTimestamp(Instant.ofEpochMilli(now));
                    String scope = p.embedding().getScope();
                    sentAt[n] = now;
                    producer.send(new ProducerRecord<>(ModewatchTopics.EMBEDDINGS.name(), null, now, scope,
                            embeddings.serialize(ModewatchTopics.EMBEDDINGS.name(), p.embedding())));
                    producer.send(new ProducerRecord<>(ModewatchTopics.SIGNATURES.name(), null, now, scope,
                            signatures.serialize(ModewatchTopics.SIGNATURES.name(), p.signature())));
                }
                producer.flush();
                long deadline = System.currentTimeMillis() + 180_000;
                while (assigned.get() < total && System.currentTimeMillis() < deadline) {
                    Thread.sleep(200);
                }
                Thread.sleep(3_000); // a late duplicate would show here
                stop.set(true);
                reader.join(10_000);
                return measure(sentAt, assignedAt, killedAt, moved, assigned.get(), duplicates.get());
            }
        } finally {
            for (Process p : processes) {
                p.destroy();
            }
            for (Process p : processes) {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Run measure(long[] sentAt, long[] assignedAt, long killedAt, Set<String> moved, int assigned, int duplicates) {
        int first = rate * before;
        long firstMovedAssignment = Long.MAX_VALUE;
        long lastSlow = killedAt;
        List<Long> others = new ArrayList<>();
        for (int n = first; n < sentAt.length; n++) {
            boolean isMoved = moved.contains(SyntheticPairs.scope(n % scopes));
            long at = assignedAt[n] == 0 ? Long.MAX_VALUE : assignedAt[n];
            if (isMoved) {
                firstMovedAssignment = Math.min(firstMovedAssignment, at);
                if (at - sentAt[n] > promptMillis) {
                    lastSlow = Math.max(lastSlow, at == Long.MAX_VALUE ? System.currentTimeMillis() : at);
                }
            } else if (at != Long.MAX_VALUE) {
                others.add(at - sentAt[n]);
            }
        }
        others.sort(null);
        long p99 = others.isEmpty() ? 0 : others.get((int) Math.min(others.size() - 1, Math.floor(others.size() * 0.99)));
        long max = others.isEmpty() ? 0 : others.get(others.size() - 1);
        long gap = firstMovedAssignment == Long.MAX_VALUE ? -1 : firstMovedAssignment - killedAt;
        return new Run(moved.size(), gap, lastSlow - killedAt, p99, max, sentAt.length, assigned, duplicates);
    }

    private Process startInstance(Path jar, EmbeddedRuntime up, Path dir, int i, int port) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", up.bootstrapServers());
        env.put("MODEWATCH_REGISTRY_URL", up.registryUrl().toString());
        env.put("MODEWATCH_STATE_DIR", dir.resolve("clusterer-" + i).toString());
        env.put("MODEWATCH_HTTP_HOST", "127.0.0.1");
        env.put("MODEWATCH_HTTP_PORT", Integer.toString(port));
        env.put("MODEWATCH_APPLICATION_SERVER", "127.0.0.1:" + port);
        env.put("KAFKA_NUM_STANDBY_REPLICAS", Integer.toString(standby));
        if (sessionTimeoutMs > 0) {
            env.put("KAFKA_SESSION_TIMEOUT_MS", Integer.toString(sessionTimeoutMs));
        }
        var pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules",
                "jdk.incubator.vector", "-Xmx" + heap, "-jar", jar.toString(), "run", "clusterer");
        pb.environment().keySet().removeIf(k -> k.startsWith("MODEWATCH_") || k.startsWith("KAFKA_"));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("clusterer-" + i + ".log").toFile()));
        return pb.start();
    }

    private static void awaitReady(HttpClient http, List<Integer> ports, List<Process> processes, Path dir) throws Exception {
        long deadline = System.currentTimeMillis() + 180_000;
        for (int i = 0; i < ports.size(); i++) {
            while (!ready(http, ports.get(i))) {
                if (!processes.get(i).isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("clusterer instance " + i + " did not become ready; its log: "
                            + dir.resolve("clusterer-" + i + ".log") + "\n" + tail(dir.resolve("clusterer-" + i + ".log")));
                }
                Thread.sleep(500);
            }
        }
    }

    private static boolean ready(HttpClient http, int port) {
        try {
            return http.send(HttpRequest.newBuilder(new URI("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | URISyntaxException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> localScopes(HttpClient http, int port) throws Exception {
        var body = http.send(HttpRequest.newBuilder(new URI("http://127.0.0.1:" + port + "/scopes?local=true&limit=1000"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        List<String> out = new ArrayList<>();
        JSON.readTree(body).forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Map<String, Object> producerProps(EmbeddedRuntime up) {
        Map<String, Object> p = new HashMap<>(up.kafkaProperties());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static Map<String, Object> consumerProps(EmbeddedRuntime up) {
        Map<String, Object> p = new HashMap<>(up.kafkaProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-failover-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }
}
