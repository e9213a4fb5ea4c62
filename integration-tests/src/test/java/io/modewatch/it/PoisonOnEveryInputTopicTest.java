package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.models.world.DoorWorld;
import io.modewatch.models.world.TrafficEvent;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.DeadLetter;
import io.modewatch.schema.DeadLetterStage;
import io.modewatch.schema.SampledContinuation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Poison on every input topic of the pipeline, sent to the four services running as their own OS
 * processes with default settings: garbage bytes, an unknown schema id, tombstones, empty and huge
 * texts, a continuation of another model, a NaN weight, a wrong dimension, NaN and infinite values,
 * unsorted indices, a record keyed by something other than its scope, and halves whose partner never
 * comes. Each ends in the dead-letter topic of the service that reads it, with its reason and
 * stage; each service's dead-letter counter counts exactly its letters; every service keeps running,
 * and good prompts sent after the poison are clustered.
 */
class PoisonOnEveryInputTopicTest {

    private static final String SCOPE = "poison";
    private static final List<String> SERVICES = List.of("sampler", "embedder", "attributor", "clusterer");
    private static final Duration BOUND = Duration.ofSeconds(120);

    /** A letter that must be in {@code service}'s dead-letter topic. */
    private record Expected(String name, String service, DeadLetterStage stage, String reason, Predicate<DeadLetter> letter) {
    }

    private final List<ProducerRecord<byte[], byte[]>> poison = new ArrayList<>();
    private final List<Expected> expected = new ArrayList<>();
    private RegistryAvroSerdes serdes;

    @Test
    void everyKindOfPoisonIsDeadLetteredByTheServiceThatReadsItWhileGoodRecordsAroundItPass() throws Exception {
        Path dir = Files.createTempDirectory("it-poison-");
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        try (EmbeddedRuntime runtime = EmbeddedRuntime.start(SharedRuntime.options(dir.resolve("runtime")), System.out::println)) {
            String bootstrap = runtime.bootstrapServers();
            serdes = new RegistryAvroSerdes(runtime.registryUrl());
            for (String service : SERVICES) {
                int port = FreePort.pick();
                ports.put(service, port);
                services.put(service, ServiceProcess.start(service, Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                        "MODEWATCH_REGISTRY_URL", runtime.registryUrl().toString(),
                        "MODEWATCH_STATE_DIR", dir.resolve(service + "-state").toString(),
                        "MODEWATCH_HTTP_PORT", Integer.toString(port)), dir.resolve(service + ".log")));
            }

            // Good traffic first: its records are the templates of the poison that must look nearly right.
            Records.produce(bootstrap, null, prompts("before", 6));
            SampledContinuation c0 = awaitOne(bootstrap, ModewatchTopics.CONTINUATIONS.name(), SampledContinuation.class, services);
            ContinuationEmbedding e0 = awaitOne(bootstrap, ModewatchTopics.EMBEDDINGS.name(), ContinuationEmbedding.class, services);
            ContinuationSignature s0 = awaitOne(bootstrap, ModewatchTopics.SIGNATURES.name(), ContinuationSignature.class, services);

            poisonPrompts();
            poisonContinuations(c0);
            poisonHalves(e0, s0);
            Records.produce(bootstrap, null, poison);

            // Good traffic after the poison: every service still runs and clusters it.
            Records.produce(bootstrap, null, prompts("after", 6));
            Set<String> after = new HashSet<>();
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (after.size() < 24) {
                assertThat(System.nanoTime()).as("the prompts sent after the poison are assigned; %d so far", after.size())
                        .isLessThan(deadline);
                alive(services);
                for (ClusterAssignment a : read(bootstrap, ModewatchTopics.ASSIGNMENTS.name(), ClusterAssignment.class)) {
                    if (a.getContinuationId().startsWith("after-")) {
                        after.add(a.getContinuationId());
                    }
                }
            }

            // Stream time moves past the join window (5 min + 1 min grace): the halves still waiting expire.
            long future = System.currentTimeMillis() + Duration.ofMinutes(7).toMillis();
            Records.produce(bootstrap, null, List.of(
                    half(ModewatchTopics.EMBEDDINGS.name(), future, ContinuationEmbedding.newBuilder(e0).setContinuationId("late").build()),
                    half(ModewatchTopics.SIGNATURES.name(), future, ContinuationSignature.newBuilder(s0).setContinuationId("late").build())));

            Map<String, List<DeadLetter>> letters = new LinkedHashMap<>();
            deadline = System.nanoTime() + BOUND.toNanos();
            List<Expected> missing = expected;
            while (!missing.isEmpty()) {
                assertThat(System.nanoTime()).as("every poison record dead-lettered; missing %s",
                        missing.stream().map(m -> m.service() + ": " + m.name()).toList()).isLessThan(deadline);
                alive(services);
                for (String service : SERVICES) {
                    letters.put(service, read(bootstrap, ModewatchTopics.deadLetter(service).name(), DeadLetter.class));
                }
                missing = expected.stream().filter(x -> letters.get(x.service()).stream().noneMatch(x.letter())).toList();
            }
            for (Expected x : expected) {
                DeadLetter letter = letters.get(x.service()).stream().filter(x.letter()).findFirst().orElseThrow();
                System.out.printf("%-10s %-46s %-15s %s%n", x.service(), x.name(), letter.getStage(),
                        abbreviate(letter.getErrorMessage()));
                assertThat(letter.getStage()).as("stage of %s", x.name()).isEqualTo(x.stage());
                assertThat(letter.getErrorMessage()).as("reason of %s", x.name()).containsIgnoringCase(x.reason());
            }
            for (String service : SERVICES) {
                long count = expected.stream().filter(x -> x.service().equals(service)).count();
                assertThat(letters.get(service)).as("the %s dead-letters the poison and nothing else: %s", service,
                        letters.get(service).stream().map(l -> abbreviate(l.getErrorMessage())).toList()).hasSize((int) count);
                assertThat(deadLetterCount(ports.get(service))).as("the %s's dead-letter counter", service)
                        .isEqualTo((double) count);
            }
            alive(services);
        } finally {
            for (ServiceProcess p : services.values()) {
                p.close();
            }
        }
    }

    private void poisonPrompts() {
        String topic = ModewatchTopics.PROMPTS.name();
        raw(topic, "p-garbage", garbage(), "sampler", "prompt: garbage bytes", DeadLetterStage.DESERIALIZATION, "neither Avro");
        raw(topic, "p-unknown-schema", unknownSchemaId(), "sampler", "prompt: unknown schema id",
                DeadLetterStage.DESERIALIZATION, "");
        raw(topic, "p-tombstone", null, "sampler", "prompt: tombstone", DeadLetterStage.VALIDATION, "tombstone");
        raw(topic, "p-empty", utf8("{\"prompt_id\":\"p-empty\",\"scope\":\"" + SCOPE + "\",\"prompt\":\"\"}"), "sampler",
                "prompt: empty text", DeadLetterStage.VALIDATION, "prompt");
        raw(topic, "p-huge", utf8("{\"prompt_id\":\"p-huge\",\"scope\":\"" + SCOPE + "\",\"prompt\":\""
                        + String.join(" ", Collections.nCopies(180_000, "door")) + "\"}"), "sampler", "prompt: 900 kB text",
                DeadLetterStage.VALIDATION, "context");
    }

    private void poisonContinuations(SampledContinuation good) {
        String topic = ModewatchTopics.CONTINUATIONS.name();
        for (String service : List.of("embedder", "attributor")) {
            expect("continuation: garbage bytes", service, DeadLetterStage.DESERIALIZATION, "", byKey(topic, "c-garbage"));
            expect("continuation: unknown schema id", service, DeadLetterStage.DESERIALIZATION, "",
                    byKey(topic, "c-unknown-schema"));
            expect("continuation: tombstone", service, DeadLetterStage.VALIDATION, "tombstone", byKey(topic, "c-tombstone"));
        }
        poison.add(new ProducerRecord<>(topic, utf8("c-garbage"), garbage()));
        poison.add(new ProducerRecord<>(topic, utf8("c-unknown-schema"), unknownSchemaId()));
        poison.add(new ProducerRecord<>(topic, utf8("c-tombstone"), null));

        poison.add(record(topic, "c-empty", SampledContinuation.newBuilder(good).setContinuationId("c-empty")
                .setContinuation("").setTokenIds(List.of()).setTokenLogprobs(List.of()).build()));
        expect("continuation: empty text", "embedder", DeadLetterStage.VALIDATION, "empty", byKey(topic, "c-empty"));
        expect("continuation: empty text", "attributor", DeadLetterStage.VALIDATION, "no tokens", byKey(topic, "c-empty"));

        List<Integer> tokens = new ArrayList<>();
        List<Float> logProbs = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            tokens.add(good.getTokenIds().get(i % good.getTokenIds().size()));
            logProbs.add(-0.5f);
        }
        poison.add(record(topic, "c-huge", SampledContinuation.newBuilder(good).setContinuationId("c-huge")
                .setContinuation(String.join(" ", Collections.nCopies(180_000, "code")))
                .setTokenIds(tokens).setTokenLogprobs(logProbs).build()));
        // The embedder embeds it (the model reads its first 256 tokens); the attributor cannot take it, so its
        // embedding waits for a partner that never comes.
        expect("embedding of c-huge: partner never comes", "clusterer", DeadLetterStage.PROCESSING, "join window",
                byId("c-huge"));
        expect("continuation: 900 kB text", "attributor", DeadLetterStage.VALIDATION, "context", byKey(topic, "c-huge"));

        // Just under the broker's 1 MB: the embedding would carry the text and 1.5 kB of vector, too large to send.
        SampledContinuation.Builder oversize = SampledContinuation.newBuilder(good).setContinuationId("c-oversize");
        int base = encode(topic, oversize.setContinuation("x".repeat(1_000_000)).build()).length;
        poison.add(record(topic, "c-oversize", oversize.setContinuation("x".repeat(1_000_000 + 1_048_576 - 600 - base)).build()));
        expect("continuation: its embedding too large to send", "embedder", DeadLetterStage.SERIALIZATION,
                "max.request.size", byKey(topic, "c-oversize"));
        expect("signature of c-oversize: partner never comes", "clusterer", DeadLetterStage.PROCESSING, "join window",
                byId("c-oversize"));

        poison.add(record(topic, "c-foreign", SampledContinuation.newBuilder(good).setContinuationId("c-foreign")
                .setModelId("someone-elses-model").build()));
        expect("continuation: another model", "attributor", DeadLetterStage.VALIDATION, "someone-elses-model",
                byKey(topic, "c-foreign"));
        // The embedder embeds it (it need not know the model); its embedding then waits for a signature that never comes.
        expect("embedding of c-foreign: partner never comes", "clusterer", DeadLetterStage.PROCESSING, "join window",
                byId("c-foreign"));

        poison.add(record(topic, "c-nan-weight", SampledContinuation.newBuilder(good).setContinuationId("c-nan-weight")
                .setWeight(Double.NaN).build()));
        for (String service : List.of("embedder", "attributor")) {
            expect("continuation: NaN weight", service, DeadLetterStage.VALIDATION, "weight", byKey(topic, "c-nan-weight"));
        }
    }

    private void poisonHalves(ContinuationEmbedding e0, ContinuationSignature s0) {
        String et = ModewatchTopics.EMBEDDINGS.name();
        String st = ModewatchTopics.SIGNATURES.name();
        byte[] garbage = garbage();
        poison.add(new ProducerRecord<>(et, utf8(SCOPE), garbage));
        expect("embedding: garbage bytes", "clusterer", DeadLetterStage.DESERIALIZATION, "", byValue(et, garbage));
        byte[] unknown = unknownSchemaId();
        poison.add(new ProducerRecord<>(st, utf8(SCOPE), unknown));
        expect("signature: unknown schema id", "clusterer", DeadLetterStage.DESERIALIZATION, "", byValue(st, unknown));
        poison.add(new ProducerRecord<>(et, utf8(SCOPE), null));
        expect("embedding: tombstone", "clusterer", DeadLetterStage.VALIDATION, "tombstone", byValue(et, null));

        List<Float> shorter = new ArrayList<>(e0.getVector().subList(0, e0.getVector().size() - 1));
        pair("e-wrong-dimension", "embedding: dimension field disagrees with the vector", "dimension",
                ContinuationEmbedding.newBuilder(e0).setVector(shorter), ContinuationSignature.newBuilder(s0));
        pair("e-other-dimension", "embedding: another dimension than the scope's", "dimension",
                ContinuationEmbedding.newBuilder(e0).setVector(shorter).setDimension(shorter.size()),
                ContinuationSignature.newBuilder(s0));
        List<Float> nan = new ArrayList<>(e0.getVector());
        nan.set(3, Float.NaN);
        pair("e-nan", "embedding: NaN value", "not finite", ContinuationEmbedding.newBuilder(e0).setVector(nan),
                ContinuationSignature.newBuilder(s0));
        List<Float> inf = new ArrayList<>(s0.getValues());
        inf.set(0, Float.POSITIVE_INFINITY);
        pair("s-inf", "signature: infinite value", "not finite", ContinuationEmbedding.newBuilder(e0),
                ContinuationSignature.newBuilder(s0).setValues(inf));
        List<Integer> unsorted = new ArrayList<>(s0.getIndices());
        Collections.swap(unsorted, 0, 1);
        pair("s-unsorted", "signature: unsorted indices", "increasing", ContinuationEmbedding.newBuilder(e0),
                ContinuationSignature.newBuilder(s0).setIndices(unsorted));

        poison.add(new ProducerRecord<>(et, utf8("not-the-scope"),
                encode(et, ContinuationEmbedding.newBuilder(e0).setContinuationId("e-wrong-key").build())));
        expect("embedding: keyed by another scope", "clusterer", DeadLetterStage.VALIDATION, "keyed by scope",
                byId("e-wrong-key"));
        poison.add(new ProducerRecord<>(st, utf8(SCOPE),
                encode(st, ContinuationSignature.newBuilder(s0).setContinuationId("s-orphan").build())));
        expect("signature: partner never comes", "clusterer", DeadLetterStage.PROCESSING, "join window", byId("s-orphan"));
    }

    /** Both halves of one poison continuation (the clusterer validates the pair) and the letter it must give. */
    private void pair(String id, String name, String reason, ContinuationEmbedding.Builder e, ContinuationSignature.Builder s) {
        poison.add(new ProducerRecord<>(ModewatchTopics.EMBEDDINGS.name(), utf8(SCOPE),
                encode(ModewatchTopics.EMBEDDINGS.name(), e.setContinuationId(id).build())));
        poison.add(new ProducerRecord<>(ModewatchTopics.SIGNATURES.name(), utf8(SCOPE),
                encode(ModewatchTopics.SIGNATURES.name(), s.setContinuationId(id).build())));
        expect(name, "clusterer", DeadLetterStage.VALIDATION, reason, byId(id));
    }

    private void raw(String topic, String key, byte[] value, String service, String name, DeadLetterStage stage, String reason) {
        poison.add(new ProducerRecord<>(topic, utf8(key), value));
        expect(name, service, stage, reason, byKey(topic, key));
    }

    private void expect(String name, String service, DeadLetterStage stage, String reason, Predicate<DeadLetter> letter) {
        expected.add(new Expected(name, service, stage, reason, letter));
    }

    private static Predicate<DeadLetter> byKey(String topic, String key) {
        return l -> topic.equals(l.getSourceTopic()) && l.getKey() != null && Arrays.equals(bytes(l.getKey()), utf8(key));
    }

    private static Predicate<DeadLetter> byValue(String topic, byte[] value) {
        return l -> topic.equals(l.getSourceTopic())
                && (value == null ? l.getValue() == null : l.getValue() != null && Arrays.equals(bytes(l.getValue()), value));
    }

    /** The clusterer names the continuation in every reason about a half or a pair. */
    private static Predicate<DeadLetter> byId(String id) {
        return l -> l.getErrorMessage().contains("continuation " + id + ":")
                || l.getErrorMessage().contains("continuation " + id + " of scope");
    }

    private ProducerRecord<byte[], byte[]> record(String topic, String key, SpecificRecord value) {
        return new ProducerRecord<>(topic, utf8(key), encode(topic, value));
    }

    private ProducerRecord<byte[], byte[]> half(String topic, long timestamp, SpecificRecord value) {
        return new ProducerRecord<>(topic, null, timestamp, utf8(SCOPE), encode(topic, value));
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> byte[] encode(String topic, T value) {
        return serdes.valueSerde((Class<T>) value.getClass()).serializer().serialize(topic, value);
    }

    private <T extends SpecificRecord> List<T> read(String bootstrap, String topic, Class<T> type) {
        var deserializer = serdes.valueSerde(type).deserializer();
        return Records.readAtLeast(bootstrap, topic, Integer.MAX_VALUE, Duration.ofSeconds(2)).stream()
                .map(r -> deserializer.deserialize(topic, r.value())).toList();
    }

    private <T extends SpecificRecord> T awaitOne(String bootstrap, String topic, Class<T> type,
                                                  Map<String, ServiceProcess> services) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            alive(services);
            List<T> records = read(bootstrap, topic, type);
            if (!records.isEmpty()) {
                return records.get(0);
            }
            assertThat(System.nanoTime()).as("a first record on %s", topic).isLessThan(deadline);
        }
    }

    private static List<ProducerRecord<byte[], byte[]>> prompts(String prefix, int count) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        List<TrafficEvent> traffic = new DoorWorld(DoorWorld.DEFAULT_SEED).timeline(count, 1_700_000_000_000L, 1000);
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            out.add(new ProducerRecord<>(ModewatchTopics.PROMPTS.name(), utf8(id), utf8("{\"prompt_id\":\"" + id
                    + "\",\"scope\":\"" + SCOPE + "\",\"prompt\":\"" + traffic.get(i).prompt() + "\"}")));
        }
        return out;
    }

    private static void alive(Map<String, ServiceProcess> services) {
        for (ServiceProcess p : services.values()) {
            assertThat(p.alive()).as("%s is running; %s", p.service(), p.logTail()).isTrue();
        }
    }

    /** The sum of {@code modewatch_dead_letters_total} over its stages, as Prometheus would scrape it. */
    private static double deadLetterCount(int port) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith("modewatch_dead_letters_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static byte[] garbage() {
        return new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 7, 7};
    }

    /** The Confluent wire format with a schema id the registry never issued. */
    private static byte[] unknownSchemaId() {
        return ByteBuffer.allocate(9).put((byte) 0).putInt(987_654).put(new byte[] {2, 4, 6, 8}).array();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() <= 150 ? s : s.substring(0, 150) + "...";
    }
}
