package io.modewatch.notifier;

import io.modewatch.common.config.ConfigException;
import io.modewatch.common.config.Secret;
import io.modewatch.common.loop.LoopService;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.ModeAlert;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Wiring of the notifier service; {@link #main} is the only place that reads the environment.
 * A consume loop (LoopService) rather than Kafka Streams: delivering is a blocking HTTP call with
 * retries, which on a Streams thread would stall polling.
 */
public final class NotifierApp {

    private NotifierApp() {
    }

    public static void main(String[] args) {
        run(System.getenv());
    }

    /** Starts the service from these environment variables; a configuration error exits with status 2. */
    public static void run(Map<String, String> environment) {
        try {
            var notifier = start(NotifierConfig.from(environment));
            Runtime.getRuntime().addShutdownHook(new Thread(notifier::close, "notifier-shutdown"));
        } catch (ConfigException e) {
            System.err.println("notifier: " + e.getMessage());
            System.exit(2);
        }
    }

    public static LoopService<SpecificRecord, String, byte[]> start(NotifierConfig config) {
        var registry = new RegistryAvroSerdes(config.env().registry());
        Deserializer<ModeAlert> alerts = registry.valueSerde(ModeAlert.class).deserializer();
        Deserializer<ClusterDriftEvent> drift = registry.valueSerde(ClusterDriftEvent.class).deserializer();
        Deserializer<SpecificRecord> inputs = (topic, data) -> topic.equals(ModewatchTopics.ALERTS.name())
                ? alerts.deserialize(topic, data) : drift.deserialize(topic, data);
        var policy = new HttpDelivery.Policy(config.attempts(), config.backoff(), config.maxBackoff(), config.timeout());
        var function = new NotifyBatchFunction(targets(config.webhooks(), config.webhookToken()),
                targets(config.slackWebhooks(), Optional.empty()),
                config.alertmanager().map(u -> new HttpDelivery.Target(URI.create(u.toString().replaceAll("/+$", "")
                        + "/api/v2/alerts"), config.alertmanagerToken())),
                new NotificationPayloads(config.template(), config.linkBase(), config.alertDuration()),
                new HttpDelivery(policy, d -> Thread.sleep(d.toMillis())), config.notifyVanished());
        var service = new LoopService<>(config.env(), List.of(ModewatchTopics.ALERTS.name(), ModewatchTopics.DRIFT.name()),
                List.of(ModewatchTopics.ALERTS, ModewatchTopics.DRIFT), config.batchSize(), inputs, new StringSerializer(),
                new ByteArraySerializer(), function);
        service.start();
        return service;
    }

    /** Generic webhooks carry the webhook token; Slack webhooks carry theirs in the URL. */
    private static List<HttpDelivery.Target> targets(List<URI> urls, Optional<Secret> token) {
        return urls.stream().map(u -> new HttpDelivery.Target(u, token)).toList();
    }
}
