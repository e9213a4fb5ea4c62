package io.modewatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.ServiceEnvironment;
import io.modewatch.common.config.Settings;
import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.common.loop.LoopService;
import io.modewatch.common.loop.Outcome;
import io.modewatch.common.topics.TopicSpec;
import io.modewatch.schema.PromptEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SlowModelBatchLoopTest {

    @Test
    void aModelSlowerThanThePollIntervalCausesNoRebalanceAndEveryInputIsAccountedForExactlyOnce() throws Exception {
        var runtime = SharedRuntime.get();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String in = "it-loop-in-" + suffix;
        String out = "it-loop-out-" + suffix;
        String service = "itloop" + suffix;
        List<TopicSpec> topics = List.of(
                new TopicSpec(in, "id", PromptEvent.getClassSchema(), Optional.of(2), Map.of()),
                new TopicSpec(out, "id", PromptEvent.getClassSchema(), Optional.of(1), Map.of()));

        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", runtime.bootstrapServers());
        // Each batch below takes longer than this: a consumer that stopped polling would be kicked out.
        env.put("KAFKA_MAX_POLL_INTERVAL_MS", "2000");
        env.put(CommonSettings.REGISTRY_URL.name(), runtime.registryUrl().toString());
        env.put(CommonSettings.HTTP_PORT.name(), "0");
        env.put(CommonSettings.HTTP_HOST.name(), "127.0.0.1");
        env.put(CommonSettings.STATE_DIR.name(), Files.createTempDirectory("it-loop-").toString());
        ServiceEnvironment serviceEnv = ServiceEnvironment.from(service, Settings.of(env, CommonSettings.ALL));

        AtomicInteger batches = new AtomicInteger();
        try (LoopService<String, String, String> loop = new LoopService<>(serviceEnv, List.of(in), topics, 8,
                (topic, data) -> new String(data, StandardCharsets.UTF_8), new StringSerializer(), new StringSerializer(),
                inputs -> {
                    batches.incrementAndGet();
                    Thread.sleep(3000);
                    List<Outcome<String, String>> outcomes = new ArrayList<>();
                    for (String s : inputs) {
                        outcomes.add(s.startsWith("bad") ? Outcome.failed(new InvalidRecordException("cannot model " + s))
                                : Outcome.produced(List.of(new Outcome.Output<>(out, s, s.toUpperCase()))));
                    }
                    return outcomes;
                })) {
            loop.start();
            await().atMost(Duration.ofSeconds(60)).until(loop::ready);
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String v = (i % 7 == 3 ? "bad-" : "ok-") + i;
                records.add(new ProducerRecord<>(in, v.getBytes(StandardCharsets.UTF_8), v.getBytes(StandardCharsets.UTF_8)));
            }
            Records.produce(runtime.bootstrapServers(), in, records);

            var produced = Records.readAtLeast(runtime.bootstrapServers(), out, 17, Duration.ofSeconds(90));
            var dead = Records.readAtLeast(runtime.bootstrapServers(), service + "-dlq", 3, Duration.ofSeconds(30));
            // A little longer: anything produced twice would show up now.
            var again = Records.readAtLeast(runtime.bootstrapServers(), out, 18, Duration.ofSeconds(3));

            assertThat(produced).hasSize(17);
            assertThat(again).hasSize(17);
            assertThat(again.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).distinct()).hasSize(17);
            assertThat(dead).hasSize(3);
            assertThat(loop.metrics().get("modewatch.batches.discarded").counter().count())
                    .as("no batch was discarded by a rebalance").isZero();
            assertThat(loop.metrics().scrape()).contains("records_lag_max");
            assertThat(batches.get()).isGreaterThanOrEqualTo(3);
        }
    }
}
