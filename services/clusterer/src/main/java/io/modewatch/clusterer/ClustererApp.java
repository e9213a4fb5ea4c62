package io.modewatch.clusterer;

import io.modewatch.clustering.online.OnlineRdClusterer;
import io.modewatch.common.config.ConfigException;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.streams.StreamsService;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.schema.ClusterAssignment;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.DeadLetter;
import io.modewatch.schema.ModeAlert;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring of the clusterer service; {@link #main} is the only place that reads the environment. */
public final class ClustererApp {

    private static final Logger LOG = LoggerFactory.getLogger(ClustererApp.class);

    private ClustererApp() {
    }

    public static void main(String[] args) {
        run(System.getenv());
    }

    /** Starts the service from these environment variables; a configuration error exits with status 2. */
    public static void run(Map<String, String> environment) {
        try {
            StreamsService service = start(ClustererConfig.from(environment));
            service.closeOnShutdown();
        } catch (ConfigException e) {
            System.err.println("clusterer: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Starts the clusterer with this configuration; the caller closes it. */
    public static StreamsService start(ClustererConfig config) {
        var registry = StreamsService.newRegistry();
        StreamsService service = new StreamsService(config.env(), config.applicationId(),
                ClustererTopology.build(config, serdes(config), registry),
                List.of(ModewatchTopics.EMBEDDINGS, ModewatchTopics.SIGNATURES, ModewatchTopics.ASSIGNMENTS,
                        ModewatchTopics.DRIFT, ModewatchTopics.ALERTS), streamsOverrides(config), registry);
        try {
            CoPartitioning.require(config.env().kafkaProperties(), ModewatchTopics.EMBEDDINGS.name(),
                    ModewatchTopics.SIGNATURES.name());
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        service.start();
        LOG.info("Assignment kernel: {}", OnlineRdClusterer.assignmentKernel());
        var outputs = new OutputRecords(config.online().parameters(),
                config.exemplars(), config.topUnits());
        var self = config.applicationServer().isEmpty() ? null
                : org.apache.kafka.streams.state.HostInfo.buildFromEndpoint(config.applicationServer());
        service.route("/scopes", new ClusterQueryApi(service.streams(), new ClusterQueries(service.streams(), outputs), self,
                config.queryToken()));
        service.route("/openapi.json", ClusterQueryApi.openApi());
        service.route(DashboardPages.PATH, new DashboardPages());
        LOG.info("Dashboard at http://{}:{}{}", config.env().httpHost(), service.httpPort(), DashboardPages.PATH);
        return service;
    }

    static ClustererSerdes serdes(ClustererConfig config) {
        var registry = new RegistryAvroSerdes(config.env().registry());
        return new ClustererSerdes(registry.valueSerde(ContinuationEmbedding.class),
                registry.valueSerde(ContinuationSignature.class), registry.valueSerde(ClusterAssignment.class),
                registry.valueSerde(ModeAlert.class), registry.valueSerde(ClusterDriftEvent.class),
                registry.valueSerde(DeadLetter.class));
    }

    /**
     * Commit (and so publish, under exactly-once) every 300 ms rather than Streams' exactly-once
     * default of 100 ms: each commit waits for the broker to acknowledge everything produced since
     * the last one, and at 5,000 continuations/s on 2 cores that wait took a third of the stream
     * thread's time at 100 ms (docs/services.md). KAFKA_COMMIT_INTERVAL_MS overrides it.
     */
    public static final int COMMIT_INTERVAL_MS = 300;

    static Map<String, Object> streamsOverrides(ClustererConfig config) {
        Map<String, Object> props = new HashMap<>();
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        if (!config.applicationServer().isEmpty()) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.applicationServer());
        }
        return props;
    }
}
