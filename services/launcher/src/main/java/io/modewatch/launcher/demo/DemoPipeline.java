package io.modewatch.launcher.demo;

import io.modewatch.attributor.AttributorApp;
import io.modewatch.attributor.AttributorConfig;
import io.modewatch.clusterer.ClustererApp;
import io.modewatch.notifier.NotifierApp;
import io.modewatch.notifier.NotifierConfig;
import io.modewatch.clusterer.ClustererConfig;
import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.loop.LoopService;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.streams.StreamsService;
import io.modewatch.embedder.EmbedderApp;
import io.modewatch.embedder.EmbedderConfig;
import io.modewatch.launcher.embedded.EmbeddedRuntime;
import io.modewatch.models.embedding.SentenceEmbedder;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.world.TinyWorldModel;
import io.modewatch.sampler.SamplerApp;
import io.modewatch.sampler.SamplerConfig;
import io.modewatch.schema.ModeAlert;
import io.modewatch.schema.PromptEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole pipeline in one JVM on an embedded runtime: the models (one copy of the tiny model per
 * service that calls it, since a model serves one caller at a time), the four services, an observer
 * of the output topics and a traffic producer. Closing stops services before models.
 */
final class DemoPipeline implements AutoCloseable {

    final ClustererConfig clustererConfig;
    final StreamsService clusterer;
    final LoopService<?, ?, ?> sampler;
    final LoopService<?, ?, ?> embedder;
    final LoopService<?, ?, ?> attributor;
    final DemoObserver observer;
    final WorldTraffic traffic;
    private final List<AutoCloseable> closeInOrder = new ArrayList<>();

    private DemoPipeline(ClustererConfig clustererConfig, StreamsService clusterer, LoopService<?, ?, ?> sampler,
                         LoopService<?, ?, ?> embedder, LoopService<?, ?, ?> attributor, DemoObserver observer,
                         WorldTraffic traffic) {
        this.clustererConfig = clustererConfig;
        this.clusterer = clusterer;
        this.sampler = sampler;
        this.embedder = embedder;
        this.attributor = attributor;
        this.observer = observer;
        this.traffic = traffic;
    }

    /**
     * @param clustererSettings MODEWATCH_* settings of the clusterer beyond the common ones
     */
    static DemoPipeline start(EmbeddedRuntime up, Path dir, int samples, Map<String, String> clustererSettings,
                              Consumer<ModeAlert> onAlert, Consumer<String> say) {
        return start(up, dir, samples, clustererSettings, onAlert, say, true, List.of());
    }

    /**
     * @param keepRecords whether the observer keeps every record for scoring (see {@link DemoObserver})
     * @param webhooks    generic webhooks a notifier delivers the alerts to (none: no notifier)
     */
    static DemoPipeline start(EmbeddedRuntime up, Path dir, int samples, Map<String, String> clustererSettings,
                              Consumer<ModeAlert> onAlert, Consumer<String> say, boolean keepRecords, List<String> webhooks) {
        Map<String, String> base = new HashMap<>();
        base.put("KAFKA_BOOTSTRAP_SERVERS", up.bootstrapServers());
        base.put(CommonSettings.REGISTRY_URL.name(), up.registryUrl().toString());
        base.put(CommonSettings.HTTP_PORT.name(), "0");
        base.put(CommonSettings.HTTP_HOST.name(), "127.0.0.1");
        base.put("KAFKA_COMMIT_INTERVAL_MS", "500");
        Map<String, String> clustererEnv = new HashMap<>(base);
        clustererEnv.put(CommonSettings.STATE_DIR.name(), dir.resolve("clusterer").toString());
        clustererEnv.putAll(clustererSettings);
        ClustererConfig clustererConfig = ClustererConfig.from(clustererEnv);
        Map<String, String> samplerEnv = new HashMap<>(base);
        samplerEnv.put("MODEWATCH_CONTINUATIONS_PER_PROMPT", Integer.toString(samples));

        say.accept("Loading the monitored model (tiny door-world GPT, one copy for the sampler and one for the"
                + " attributor) and the embedding model (all-MiniLM-L6-v2) ...");
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            DecoderLm samplerModel = remember(opened, TinyWorldModel.loadCommitted());
            DecoderLm attributorModel = remember(opened, TinyWorldModel.loadCommitted());
            SentenceEmbedder embedderModel = remember(opened, SentenceEmbedder.allMiniLmL6V2());
            RegistryAvroSerdes serdes = new RegistryAvroSerdes(up.registryUrl());
            StreamsService clusterer = remember(opened, ClustererApp.start(clustererConfig));
            var sampler = remember(opened, SamplerApp.start(SamplerConfig.from(samplerEnv), samplerModel));
            var embedder = remember(opened, EmbedderApp.start(EmbedderConfig.from(base), embedderModel));
            var attributor = remember(opened, AttributorApp.start(AttributorConfig.from(base), attributorModel));
            DemoObserver observer = remember(opened, new DemoObserver(up.kafkaProperties(), serdes, onAlert,
                    keepRecords));
            WorldTraffic traffic = remember(opened, new WorldTraffic(up.kafkaProperties(),
                    serdes.valueSerde(PromptEvent.class).serializer()));
            DemoPipeline pipeline = new DemoPipeline(clustererConfig, clusterer, sampler, embedder, attributor,
                    observer, traffic);
            String queries = "http://127.0.0.1:" + clusterer.httpPort();
            if (!webhooks.isEmpty()) {
                Map<String, String> notifierEnv = new HashMap<>(base);
                notifierEnv.put(NotifierConfig.WEBHOOK_URLS.name(), String.join(",", webhooks));
                notifierEnv.put(NotifierConfig.LINK_BASE_URL.name(), queries);
                var notifier = remember(opened, NotifierApp.start(NotifierConfig.from(notifierEnv)));
                say.accept("Notifier running: every alert goes to " + webhooks.size() + " webhook(s) (metrics on port "
                        + notifier.httpPort() + ")");
            }
            pipeline.closeInOrder.addAll(opened);
            say.accept("Dashboard: " + queries + "/dashboard (open it in a browser; it follows the demo as it runs)");
            say.accept("Services running: sampler, embedder, attributor (metrics on ports " + sampler.httpPort() + ", "
                    + embedder.httpPort() + ", " + attributor.httpPort() + "), clusterer (queries and metrics on "
                    + queries + "/scopes; the API is described at " + queries + "/openapi.json)");
            observer.start();
            return pipeline;
        } catch (RuntimeException e) {
            closeReversed(opened);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T remember(List<AutoCloseable> opened, T resource) {
        opened.add(resource);
        return resource;
    }

    private static void closeReversed(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("While stopping the demo: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closeReversed(closeInOrder);
    }
}
