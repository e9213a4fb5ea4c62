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
import io.modewatch.schema.ModeAlert;
import io.modewatch.schema.SampledContinuation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline as a user runs it: the embedded broker and registry, and each of the four
 * services as its own OS process ({@code java -jar modewatch.jar run <service>}, default settings
 * plus static membership). An external client produces JSON prompts at a steady rate while, mid
 * stream, each service in turn is killed with SIGKILL and restarted, and the broker (with the
 * registry) is stopped and started again, with one service started while they are away, and one
 * service is frozen (SIGSTOP) for longer than its consumer session, then woken. Read back with read_committed: every prompt sampled,
 * every continuation embedded, attributed and assigned exactly once, nothing dead-lettered, no alert
 * id twice, and each stage back to work within a bound after its restart. Redaction is on, so the
 * same run checks that no forwarded text and no alert exemplar shows what the pattern matches.
 */
class PipelineSurvivesKillNineAndABrokerRestartTest {

    private static final int PROMPTS = 600;
    private static final Duration SPACING = Duration.ofMillis(200);
    private static final Duration BROKER_DOWNTIME = Duration.ofSeconds(12);
    private static final Duration PAUSE = Duration.ofSeconds(55);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(90);
    private static final List<String> SERVICES = List.of("sampler", "embedder", "attributor", "clusterer");
    private static final Pattern CODE = Pattern.compile("\\d( \\d){2}");

    @Test
    void killingEachServiceAndRestartingTheBrokerMidStreamLosesAndDuplicatesNothing() throws Exception {
        Path dir = Files.createTempDirectory("it-pipeline-faults-");
        EmbeddedRuntime.Options options = SharedRuntime.options(dir.resolve("runtime"));
        EmbeddedRuntime runtime = EmbeddedRuntime.start(options, System.out::println);
        String bootstrap = runtime.bootstrapServers();
        Map<String, ServiceProcess> services = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        Feeder feeder = null;
        try {
            for (String service : SERVICES) {
                Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                        "MODEWATCH_REGISTRY_URL", runtime.registryUrl().toString(),
                        "MODEWATCH_STATE_DIR", dir.resolve(service + "-state").toString(),
                        "MODEWATCH_HTTP_PORT", Integer.toString(ports.computeIfAbsent(service, x -> FreePort.pick())),
                        // Static membership: a restarted instance takes its partitions back at once (see docs/reliability.md).
                        "KAFKA_GROUP_INSTANCE_ID", service + "-0",
                        // Door codes ("4 1 7") redacted wherever text is stored or shown; the attributor does not
                        // declare the setting and `run` drops it for it.
                        "MODEWATCH_REDACT_PATTERNS", CODE.pattern());
                services.put(service, ServiceProcess.start(service, env, dir.resolve(service + ".log")));
            }
            var serdes = new RegistryAvroSerdes(runtime.registryUrl());
            // Texts that show a door code: raw continuations must (the pattern matters), what is stored or shown must not.
            List<String> codesInContinuations = new ArrayList<>();
            List<String> codesShown = new ArrayList<>();
            try (var continuations = reader(bootstrap, serdes, ModewatchTopics.CONTINUATIONS.name(), SampledContinuation.class,
                        c -> noteCode(codesInContinuations, c.getContinuationId(), c.getContinuation()));
                    var embeddings = reader(bootstrap, serdes, ModewatchTopics.EMBEDDINGS.name(), ContinuationEmbedding.class,
                            e -> noteCode(codesShown, e.getContinuationId(), e.getText()));
                    var signatures = reader(bootstrap, serdes, ModewatchTopics.SIGNATURES.name(), ContinuationSignature.class,
                            ContinuationSignature::getContinuationId);
                    var assignments = reader(bootstrap, serdes, ModewatchTopics.ASSIGNMENTS.name(), ClusterAssignment.class,
                            ClusterAssignment::getContinuationId);
                    var alerts = reader(bootstrap, serdes, ModewatchTopics.ALERTS.name(), ModeAlert.class, a -> {
                        a.getExemplars().forEach(x -> noteCode(codesShown, a.getAlertId().toString(), x.getText()));
                        return a.getAlertId();
                    })) {
                List<CommittedTopicReader> all = List.of(continuations, embeddings, signatures, assignments, alerts);

                feeder = new Feeder(bootstrap);
                feeder.start();
                List<String> recoveries = new ArrayList<>();
                double[] at = {0.1, 0.28, 0.46, 0.64, 0.8, 0.9};
                String[] fault = {"sampler", "embedder", "attributor", "broker", "clusterer", "attributor-pause"};
                for (int f = 0; f < fault.length; f++) {
                    awaitFed(feeder, (int) (at[f] * PROMPTS), services, all);
                    assertThat(feeder.sent()).as("the %s fault lands while prompts still arrive", fault[f]).isLessThan(PROMPTS);
                    long restarted;
                    if (fault[f].equals("broker")) {
                        // The embedder is killed too and started again while the broker and the registry are down:
                        // it has to wait for them (MODEWATCH_STARTUP_TIMEOUT) rather than give up.
                        services.get("embedder").kill();
                        runtime.close();
                        System.out.println("stopped the broker and the registry at " + feeder.sent() + " prompts");
                        services.get("embedder").restart();
                        Thread.sleep(BROKER_DOWNTIME.toMillis());
                        runtime = EmbeddedRuntime.start(options, System.out::println);
                        restarted = System.nanoTime();
                        assertThat(runtime.bootstrapServers()).as("the broker comes back on its address").isEqualTo(bootstrap);
                        for (String service : SERVICES) {
                            awaitCaughtUp(runtime, service, restarted, services, all);
                        }
                        recoveries.add(String.format("broker and registry down %d s, the embedder started meanwhile: every"
                                + " service caught up %.1f s after they were back", BROKER_DOWNTIME.toSeconds(),
                                (System.nanoTime() - restarted) / 1e9));
                    } else if (fault[f].equals("attributor-pause")) {
                        // Frozen longer than its consumer session (45 s): the group drops it, its open
                        // transaction may time out, and on waking it must rejoin rather than die.
                        ServiceProcess frozen = services.get("attributor");
                        frozen.pause();
                        System.out.println("froze the attributor at " + feeder.sent() + " prompts");
                        Thread.sleep(PAUSE.toMillis());
                        frozen.resume();
                        restarted = System.nanoTime();
                        awaitCaughtUp(runtime, "attributor", restarted, services, all);
                        recoveries.add(String.format("attributor frozen %d s (SIGSTOP): caught up %.1f s after SIGCONT",
                                PAUSE.toSeconds(), (System.nanoTime() - restarted) / 1e9));
                    } else {
                        ServiceProcess victim = services.get(fault[f]);
                        victim.kill();
                        System.out.println("killed the " + fault[f] + " at " + feeder.sent() + " prompts");
                        Thread.sleep(2_000);
                        victim.restart();
                        restarted = System.nanoTime();
                        awaitReady(ports.get(fault[f]), services, all);
                        double ready = (System.nanoTime() - restarted) / 1e9;
                        awaitCaughtUp(runtime, fault[f], restarted, services, all);
                        recoveries.add(String.format("%s: ready %.1f s after its restart, caught up after %.1f s", fault[f],
                                ready, (System.nanoTime() - restarted) / 1e9));
                    }
                }
                feeder.join();
                assertThat(feeder.failure).as("the external producer delivered every prompt").isNull();

                awaitCaughtUp(runtime, "sampler", System.nanoTime(), services, all);
                long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos() * 2;
                while (!(embeddings.counts().keySet().containsAll(continuations.counts().keySet())
                        && signatures.counts().keySet().containsAll(continuations.counts().keySet())
                        && assignments.counts().keySet().containsAll(continuations.counts().keySet()))) {
                    assertThat(System.nanoTime()).as("every continuation embedded, attributed and assigned in time; "
                            + "%d continuations, %d embeddings, %d signatures, %d assignments", continuations.counts().size(),
                            embeddings.counts().size(), signatures.counts().size(), assignments.counts().size())
                            .isLessThan(deadline);
                    pollAll(all, services);
                }
                // A little longer: anything committed twice, or late, shows up now.
                for (int i = 0; i < 10; i++) {
                    pollAll(all, services);
                }
                recoveries.forEach(System.out::println);
                System.out.printf("%d prompts, %d continuations, %d alerts%n", feeder.sent(), continuations.counts().size(),
                        alerts.counts().size());

                assertThat(codesInContinuations).as("continuations say door codes").isNotEmpty();
                assertThat(codesShown).as("no forwarded text and no alert exemplar shows a door code").isEmpty();
                assertThat(continuations.counts().size()).as("about four continuations per prompt")
                        .isGreaterThan(PROMPTS * 3);
                for (CommittedTopicReader r : all) {
                    assertThat(r.duplicates()).as("nothing committed twice on %s", r.topic()).isEmpty();
                }
                assertThat(embeddings.counts().keySet()).isEqualTo(continuations.counts().keySet());
                assertThat(signatures.counts().keySet()).isEqualTo(continuations.counts().keySet());
                assertThat(assignments.counts().keySet()).isEqualTo(continuations.counts().keySet());
                for (String service : SERVICES) {
                    assertThat(Records.readAtLeast(bootstrap, ModewatchTopics.deadLetter(service).name(), 1,
                            Duration.ofSeconds(2))).as("nothing dead-lettered by the %s", service).isEmpty();
                }
            }
        } finally {
            if (feeder != null) {
                feeder.interrupt();
            }
            for (ServiceProcess p : services.values()) {
                p.close();
            }
            runtime.close();
        }
    }

    private static <T extends SpecificRecord> CommittedTopicReader reader(String bootstrap, RegistryAvroSerdes serdes, String topic, Class<T> type,
                                                   Function<T, CharSequence> id) {
        var deserializer = serdes.valueSerde(type).deserializer();
        return new CommittedTopicReader(bootstrap, topic, bytes -> id.apply(deserializer.deserialize(topic, bytes)).toString());
    }

    private static String noteCode(List<String> found, CharSequence id, CharSequence text) {
        if (text != null && CODE.matcher(text).find()) {
            found.add(id + ": " + text);
        }
        return id.toString();
    }

    private static void pollAll(List<CommittedTopicReader> readers, Map<String, ServiceProcess> services) {
        for (ServiceProcess p : services.values()) {
            assertThat(p.alive()).as("%s is running; %s", p.service(), p.logTail()).isTrue();
        }
        readers.forEach(CommittedTopicReader::poll);
    }

    private static void awaitFed(Feeder feeder, int count, Map<String, ServiceProcess> services,
                                 List<CommittedTopicReader> readers) {
        while (feeder.sent() < count && feeder.isAlive()) {
            pollAll(readers, services);
        }
    }

    /** Until the service's {@code /health/ready} answers 200: it has joined its group and holds partitions. */
    private static void awaitReady(int port, Map<String, ServiceProcess> services, List<CommittedTopicReader> readers)
            throws InterruptedException {
        var http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long from = System.nanoTime();
        while (true) {
            try {
                if (http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // Not listening yet.
            }
            assertThat(System.nanoTime() - from).as("ready on port %d within %s", port, RECOVERY_BOUND)
                    .isLessThan(RECOVERY_BOUND.toNanos());
            pollAll(readers, services);
        }
    }

    /**
     * Until the service's consumer group has committed, on every partition of its input topics, at
     * least the end offset that partition had at {@code since}: what was waiting for it then is done.
     */
    private static void awaitCaughtUp(EmbeddedRuntime runtime, String service, long since,
                                      Map<String, ServiceProcess> services, List<CommittedTopicReader> readers)
            throws Exception {
        List<String> inputs = switch (service) {
            case "sampler" -> List.of(ModewatchTopics.PROMPTS.name());
            case "embedder", "attributor" -> List.of(ModewatchTopics.CONTINUATIONS.name());
            case "clusterer" -> List.of(ModewatchTopics.EMBEDDINGS.name(), ModewatchTopics.SIGNATURES.name());
            default -> throw new IllegalArgumentException(service);
        };
        String group = "modewatch-" + service;
        try (Admin admin = Admin.create(runtime.kafkaProperties())) {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (var d : admin.describeTopics(inputs).allTopicNames().get().values()) {
                d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            var target = admin.listOffsets(latest).all().get();
            long deadline = since + RECOVERY_BOUND.toNanos();
            while (true) {
                var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                long behind = 0;
                for (var e : target.entrySet()) {
                    var c = committed.get(e.getKey());
                    behind += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
                }
                if (behind == 0) {
                    return;
                }
                assertThat(System.nanoTime()).as("%s still %d records behind %s after its restart", service, behind,
                        RECOVERY_BOUND).isLessThan(deadline);
                pollAll(readers, services);
            }
        }
    }

    /** An external client: door-world prompts as JSON at a steady rate, riding through the broker restart. */
    private static final class Feeder extends Thread {
        private final String bootstrap;
        private final AtomicInteger sent = new AtomicInteger();
        private volatile Exception failure;

        Feeder(String bootstrap) {
            super("it-prompt-feeder");
            this.bootstrap = bootstrap;
            setDaemon(true);
        }

        int sent() {
            return sent.get();
        }

        @Override
        public void run() {
            List<TrafficEvent> traffic = new DoorWorld(DoorWorld.DEFAULT_SEED).timeline(PROMPTS, 1_700_000_000_000L, 1000);
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrap, "acks", "all",
                    "enable.idempotence", true), new ByteArraySerializer(), new ByteArraySerializer())) {
                String topic = ModewatchTopics.PROMPTS.name();
                for (TrafficEvent e : traffic) {
                    String id = "fault-" + e.sequence();
                    String json = "{\"prompt_id\":\"" + id + "\",\"scope\":\"" + e.scope() + "\",\"prompt\":\""
                            + e.prompt().replace("\"", "\\\"") + "\",\"timestamp\":" + e.eventTimeMs() + "}";
                    producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                            json.getBytes(StandardCharsets.UTF_8)));
                    sent.incrementAndGet();
                    Thread.sleep(SPACING.toMillis());
                }
                producer.flush();
            } catch (Exception e) {
                failure = e;
            }
        }
    }
}
