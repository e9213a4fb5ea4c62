package io.modewatch.launcher.bench;

import io.modewatch.clusterer.ClustererApp;
import io.modewatch.clusterer.ClustererConfig;
import io.modewatch.clustering.SparseSignature;
import io.modewatch.clustering.detect.DetectorState;
import io.modewatch.clustering.detect.ModeDetector;
import io.modewatch.clustering.online.Observation;
import io.modewatch.clustering.online.OnlineRdClusterer;
import io.modewatch.clustering.online.ScopeState;
import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.Setting;
import io.modewatch.common.serde.AvroArrays;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.launcher.embedded.RuntimeOptions;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code modewatch bench streaming}: enriched events per second through the clusterer topology on
 * a real broker with exactly-once, input-to-assignment latency, and the bare clustering core's rate
 * on the same events in the same order; their ratio is the streaming overhead.
 */
@Command(name = "streaming", mixinStandardHelpOptions = true,
        description = "Clusterer throughput and latency on the embedded broker (exactly-once) against the bare clustering core.")
public final class StreamingBenchCommand implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "60000", description = "Measured continuations (embedding + signature pairs); default ${DEFAULT-VALUE}.")
    int events;

    @Option(names = "--warmup", defaultValue = "400000",
            description = "Continuations sent and fully processed before the measurement; default ${DEFAULT-VALUE}."
                    + " Shorter warm-ups measure the JIT compiling the broker, the clients and the clusterer, not the"
                    + " steady state: on 2 cores, after 150,000 the JIT still took about a third of the machine during the"
                    + " measurement and the topology's peak rate was 9,500/s; after 400,000, 14,000/s.")
    int warmup;

    @Option(names = "--rate", defaultValue = "5000",
            description = "Offered load in continuations per second; 0 sends the measured events as one burst (the topology's peak rate); default ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--semantic-noise", defaultValue = "0.02",
            description = "Per-coordinate Gaussian noise of an embedding around its mode (before normalising); default ${DEFAULT-VALUE}.")
    double semanticNoise;

    @Option(names = "--signature-noise", defaultValue = "0.04",
            description = "Relative Gaussian noise of a signature value around its mode's value of 1; default ${DEFAULT-VALUE}."
                    + " At 0.2 and the default beta, RD prefers splitting every mode until K reaches MODEWATCH_MAX_COMPONENTS.")
    double signatureNoise;

    @Option(names = "--scopes", defaultValue = "4", description = "Scopes the events spread over; default ${DEFAULT-VALUE}.")
    int scopes;

    @Option(names = "--modes", defaultValue = "6", description = "Modes per scope; default ${DEFAULT-VALUE}.")
    int modes;

    @Option(names = "--semantic-dim", defaultValue = "384", description = "Embedding dimension; default ${DEFAULT-VALUE}.")
    int semanticDim;

    @Option(names = "--signature-dim", defaultValue = "2048", description = "Signature space; default ${DEFAULT-VALUE}.")
    int signatureDim;

    @Option(names = "--nonzeros", defaultValue = "256", description = "Units kept per signature; default ${DEFAULT-VALUE}.")
    int nonZeros;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic events; default ${DEFAULT-VALUE}.")
    long seed;

    @Mixin
    RuntimeOptions runtime;

    record CoreRun(double rate, List<Integer> finalK) {
    }

    /** The measured events, encoded before the measurement so that making them costs it no CPU. */
    record Encoded(String scope, byte[] embedding, byte[] signature) {
    }

    /** Released once the warm-up events are all assigned; the measured events go out after it. */
    private final CountDownLatch measureStart = new CountDownLatch(1);
    /** Released when the sender starts on the measured events (after encoding them): the measurement starts there. */
    private final CountDownLatch sending = new CountDownLatch(1);
    /** Released once the measurement's CPU snapshot is taken: the sender lives until then, so its CPU is counted as its own. */
    private final CountDownLatch measured = new CountDownLatch(1);
    private volatile long lastRead;
    private volatile long measuredSendStart;
    private volatile long measuredSendEnd;
    /** When each measured event was handed to the producer: latency runs from there to its assignment. */
    private long[] sentAt;

    @Override
    public Integer call() throws Exception {
        if (events < 1000 || warmup < 0 || rate < 0 || scopes < 1 || modes < 1 || nonZeros < 1 || nonZeros > signatureDim
                || !(semanticNoise >= 0) || !(signatureNoise >= 0)) {
            throw new IllegalArgumentException("need --events >= 1000, --warmup >= 0, --rate >= 0, --scopes >= 1, --modes >= 1,"
                    + " 1 <= --nonzeros <= --signature-dim, noise >= 0");
        }
        // The clusterer's settings come from the environment as for `modewatch run clusterer`
        // (MODEWATCH_BETA, KAFKA_COMMIT_INTERVAL_MS, ...), except where the bench must decide.
        Map<String, String> env = new HashMap<>();
        var clustererSettings = ClustererConfig.settings().stream().map(Setting::name).toList();
        System.getenv().forEach((k, v) -> {
            if (clustererSettings.contains(k) || k.startsWith("KAFKA_")) {
                env.put(k, v);
            }
        });
        env.put(CommonSettings.HTTP_PORT.name(), "0");
        env.put(CommonSettings.HTTP_HOST.name(), "127.0.0.1");
        Path dir = Files.createTempDirectory("modewatch-bench-streaming-");
        env.put(CommonSettings.STATE_DIR.name(), dir.resolve("streams").toString());

        CoreRun core = bareCore(ClustererConfig.from(withKafka(env, "unused:9092", "http://127.0.0.1:1")));
        System.out.println("assignment kernel: " + OnlineRdClusterer.assignmentKernel());
        System.out.printf("bare clustering core: %.0f events/s (one thread, %d measured events after %d warm-up, %d scopes; K per scope at the end %s)%n",
                core.rate(), events, warmup, scopes, core.finalK());

        try (EmbeddedRuntime up = EmbeddedRuntime.start(runtime.toOptions(dir.resolve("runtime")), System.out::println)) {
            ClustererConfig config = ClustererConfig.from(withKafka(env, up.bootstrapServers(), up.registryUrl().toString()));
            RegistryAvroSerdes serdes = new RegistryAvroSerdes(up.registryUrl());
            // One serializer per type for the whole run: each caches its schema id after the first lookup.
            var embeddingBytes = serdes.valueSerde(ContinuationEmbedding.class).serializer();
            var signatureBytes = serdes.valueSerde(ContinuationSignature.class).serializer();
            sentAt = new long[events];
            try (var clusterer = ClustererApp.start(config);
                 var producer = new KafkaProducer<String, Object>(producerProps(up), new StringSerializer(),
                         (topic, value) -> value instanceof byte[] encoded ? encoded
                                 : value instanceof ContinuationEmbedding e ? embeddingBytes.serialize(topic, e)
                                 : signatureBytes.serialize(topic, (ContinuationSignature) value));
                 var consumer = new KafkaConsumer<>(consumerProps(up), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                var assignments = serdes.valueSerde(ClusterAssignment.class).deserializer();
                consumer.subscribe(List.of(ModewatchTopics.ASSIGNMENTS.name()));
                while (consumer.assignment().isEmpty()) {
                    consumer.poll(Duration.ofMillis(100));
                }
                Thread sender = new Thread(() -> send(producer, embeddingBytes, signatureBytes), "bench-sender");
                sender.setDaemon(true);
                sender.start();
                if (warmup > 0) {
                    System.out.printf("warm-up: %d continuations ...%n", warmup);
                    long warmupRead = readAssignments(consumer, assignments, warmup, null);
                    if (warmupRead < warmup) {
                        System.out.printf("warm-up incomplete: %d of %d assignments in 20 minutes%n", warmupRead, warmup);
                        return 1;
                    }
                }
                measureStart.countDown();
                sending.await();
                long start = measuredSendStart;
                ThreadCpu.Snapshot cpuBefore = ThreadCpu.take();
                long[] latencies = new long[events];
                int read = (int) readAssignments(consumer, assignments, events, latencies);
                long last = lastRead;
                ThreadCpu.Snapshot cpuAfter = ThreadCpu.take();
                measured.countDown();
                sender.join();
                double seconds = (last - start) / 1000.0;
                long[] got = Arrays.copyOf(latencies, read);
                Arrays.sort(got);
                double achieved = read / seconds;
                System.out.println();
                System.out.printf("modewatch bench streaming: %d events after %d warm-up (%d scopes x %d modes, embedding %d, signature"
                                + " %d/%d non-zeros, noise %.3g/%.3g), %s, %d partitions, exactly_once_v2, commit.interval.ms %s; %s%n",
                        events, warmup, scopes, modes, semanticDim, nonZeros, signatureDim, semanticNoise, signatureNoise,
                        rate > 0 ? "offered " + rate + " events/s" : "one burst", runtime.partitions(),
                        env.getOrDefault("KAFKA_COMMIT_INTERVAL_MS", ClustererApp.COMMIT_INTERVAL_MS + " (the clusterer's default)"), BenchCommand.machine());
                System.out.printf("  clusterer topology: %d assignments in %.1f s = %.0f events/s; latency input -> assignment"
                        + " p50 %d ms, p99 %d ms, max %d ms%n", read, seconds, achieved, got[got.length / 2],
                        got[(int) Math.min(got.length - 1, Math.floor(got.length * 0.99))], got[got.length - 1]);
                System.out.printf("  sender: %d events in %.1f s (%.0f/s offered); the last assignment came %.1f s after the last send%n",
                        events, (measuredSendEnd - measuredSendStart) / 1000.0,
                        events * 1000.0 / Math.max(1, measuredSendEnd - measuredSendStart), (last - measuredSendEnd) / 1000.0);
                System.out.printf("  bare clustering core on the same events: %.0f events/s -> streaming overhead x%.1f%n",
                        core.rate(), core.rate() / achieved);
                System.out.printf("  CPU during the measurement, in cores (of %d): %s%n", Runtime.getRuntime().availableProcessors(),
                        ThreadCpu.cores(cpuBefore, cpuAfter, last - start));
                return read == events ? 0 : 1;
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Sends the warm-up events at once, encodes the measured ones while the clusterer works through
     * the warm-up, waits for the warm-up's assignments, then sends the measured ones (paced when
     * --rate is set). Making and encoding an event (640 Gaussian draws, two Avro records) took the
     * sender about a quarter of the machine at 5,000/s, CPU the clusterer then lacked; a real
     * deployment's producers run elsewhere.
     */
    private void send(KafkaProducer<String, Object> producer, Serializer<ContinuationEmbedding> embeddingBytes,
                      Serializer<ContinuationSignature> signatureBytes) {
        SyntheticPairs pairs = syntheticPairs();
        try {
            for (int i = 0; i < warmup; i++) {
                send(producer, pairs.next());
            }
            producer.flush();
            List<Encoded> measuredEvents = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                SyntheticPairs.Pair p = pairs.next();
                Instant t = Instant.now();
                p.embedding().setTimestamp(t);
                p.signature().setTimestamp(t);
                measuredEvents.add(new Encoded(p.embedding().getScope(),
                        embeddingBytes.serialize(ModewatchTopics.EMBEDDINGS.name(), p.embedding()),
                        signatureBytes.serialize(ModewatchTopics.SIGNATURES.name(), p.signature())));
            }
            measureStart.await();
            long t0 = System.nanoTime();
            measuredSendStart = System.currentTimeMillis();
            sending.countDown();
            for (int i = 0; i < events; i++) {
                if (rate > 0) {
                    long due = t0 + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                Encoded e = measuredEvents.set(i, null);
                long now = System.currentTimeMillis();
                sentAt[i] = now;
                producer.send(new ProducerRecord<>(ModewatchTopics.EMBEDDINGS.name(), null, now, e.scope(), e.embedding()));
                producer.send(new ProducerRecord<>(ModewatchTopics.SIGNATURES.name(), null, now, e.scope(), e.signature()));
            }
            producer.flush();
            measuredSendEnd = System.currentTimeMillis();
            measured.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(KafkaProducer<String, Object> producer, SyntheticPairs.Pair p) {
        long now = System.currentTimeMillis();
        String scope = p.embedding().getScope();
        p.embedding().setTimestamp(Instant.ofEpochMilli(now));
        p.signature().setTimestamp(Instant.ofEpochMilli(now));
        producer.send(new ProducerRecord<>(ModewatchTopics.EMBEDDINGS.name(), null, now, scope, p.embedding()));
        producer.send(new ProducerRecord<>(ModewatchTopics.SIGNATURES.name(), null, now, scope, p.signature()));
    }

    /** Reads up to {@code count} assignments (20 minutes at most), recording latencies when asked. */
    private long readAssignments(KafkaConsumer<byte[], byte[]> consumer, Deserializer<ClusterAssignment> assignments,
                                 int count, long[] latencies) {
        int read = 0;
        long deadline = System.currentTimeMillis() + 20 * 60_000L;
        long reported = System.currentTimeMillis();
        while (read < count && System.currentTimeMillis() < deadline) {
            for (var r : consumer.poll(Duration.ofMillis(200))) {
                long now = System.currentTimeMillis();
                if (read < count) {
                    if (latencies != null) {
                        ClusterAssignment a = assignments.deserialize(r.topic(), r.headers(), r.value());
                        latencies[read] = now - sentAt[measuredIndex(a.getContinuationId())];
                    }
                    read++;
                }
                lastRead = now;
            }
            if (System.currentTimeMillis() - reported > 10_000) {
                reported = System.currentTimeMillis();
                System.out.printf("  %d of %d assignments read%n", read, count);
            }
        }
        return read;
    }

    /** Measured event i is the generator's event warmup + i, named {@code bench-<n>}. */
    private int measuredIndex(String continuationId) {
        return SyntheticPairs.index(continuationId) - warmup;
    }

    private static Map<String, String> withKafka(Map<String, String> env, String bootstrap, String registry) {
        Map<String, String> out = new HashMap<>(env);
        out.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        out.put(CommonSettings.REGISTRY_URL.name(), registry);
        return out;
    }

    private static Map<String, Object> producerProps(EmbeddedRuntime up) {
        Map<String, Object> p = new HashMap<>(up.kafkaProperties());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static Map<String, Object> consumerProps(EmbeddedRuntime up) {
        Map<String, Object> p = new HashMap<>(up.kafkaProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    /**
     * The same events through the core alone, in the order one scope's task sees them; the warm-up
     * ones untimed. Events are made in blocks outside the timed part, so that only the clustering
     * is timed and the bench never holds the whole stream.
     */
    private CoreRun bareCore(ClustererConfig config) {
        OnlineRdClusterer clusterer = new OnlineRdClusterer(config.online());
        ModeDetector detector = new ModeDetector(clusterer, config.detection());
        Map<String, ScopeState> states = new TreeMap<>();
        Map<String, DetectorState> detectors = new HashMap<>();
        SyntheticPairs pairs = syntheticPairs();
        long timed = 0;
        for (int done = 0; done < warmup + events; ) {
            int block = Math.min(5_000, warmup + events - done);
            List<Observation> observations = new ArrayList<>(block);
            List<String> scopesOf = new ArrayList<>(block);
            for (int i = 0; i < block; i++) {
                SyntheticPairs.Pair p = pairs.next();
                observations.add(observation(p));
                scopesOf.add(p.embedding().getScope());
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < block; i++) {
                String scope = scopesOf.get(i);
                ScopeState s = states.computeIfAbsent(scope, clusterer::newScope);
                detector.observe(s, detectors.computeIfAbsent(scope, x -> new DetectorState()), observations.get(i));
                if (done + i + 1 == warmup) {
                    t0 = System.nanoTime();
                }
            }
            if (done + block > warmup) {
                timed += System.nanoTime() - t0;
            }
            done += block;
        }
        return new CoreRun(events / (timed / 1e9), states.values().stream().map(ScopeState::k).toList());
    }

    private SyntheticPairs syntheticPairs() {
        return new SyntheticPairs(seed, scopes, modes, semanticDim, signatureDim, nonZeros, semanticNoise, signatureNoise);
    }

    private Observation observation(SyntheticPairs.Pair p) {
        return new Observation(p.embedding().getContinuationId(), p.embedding().getWeight(),
                AvroArrays.floats(p.embedding().getVector()),
                new SparseSignature(signatureDim, AvroArrays.ints(p.signature().getIndices()),
                        AvroArrays.floats(p.signature().getValues())), null);
    }

}
