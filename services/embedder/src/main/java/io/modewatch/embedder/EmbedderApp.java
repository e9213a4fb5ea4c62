package io.modewatch.embedder;

import io.modewatch.common.config.ConfigException;
import io.modewatch.common.loop.LoopService;
import io.modewatch.common.loop.RunningLoopService;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.common.topics.TopicSpec;
import io.modewatch.models.checkpoint.CheckpointException;
import io.modewatch.models.embedding.SentenceEmbedder;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.SampledContinuation;
import java.util.Map;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Wiring of the embedder service; {@link #main} is the only place that reads the environment.
 * A consume/produce loop, not Kafka Streams: a batch of embeddings is one blocking model call,
 * which on a Streams thread would stall polling and trigger rebalances (see TransactionalBatchLoop).
 */
public final class EmbedderApp {

    private EmbedderApp() {
    }

    public static void main(String[] args) {
        run(System.getenv());
    }

    /** Starts the service from these environment variables; a configuration error exits with status 2. */
    public static void run(Map<String, String> environment) {
        try {
            var embedder = start(EmbedderConfig.from(environment));
            Runtime.getRuntime().addShutdownHook(new Thread(embedder::close, "embedder-shutdown"));
        } catch (ConfigException | CheckpointException e) {
            System.err.println("embedder: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Loads the configured embedding model and starts the embedder on it; closing the result closes both. */
    public static RunningLoopService<SampledContinuation, String, ContinuationEmbedding> start(EmbedderConfig config) {
        SentenceEmbedder model = config.loadEmbedder();
        try {
            return new RunningLoopService<>(start(config, model), model::close);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Starts the embedder on a model the caller loaded (with {@link EmbedderConfig#loadEmbedder()}) and closes after it. */
    public static LoopService<SampledContinuation, String, ContinuationEmbedding> start(EmbedderConfig config,
                                                                                       SentenceEmbedder model) {
        var registry = new RegistryAvroSerdes(config.env().registry());
        var service = new LoopService<>(config.env(), List.of(config.continuationsTopic()),
                List.of(named(ModewatchTopics.CONTINUATIONS, config.continuationsTopic()),
                        named(ModewatchTopics.EMBEDDINGS, config.embeddingsTopic())), config.batchSize(),
                registry.valueSerde(SampledContinuation.class).deserializer(), new StringSerializer(),
                registry.valueSerde(ContinuationEmbedding.class).serializer(),
                new EmbedBatchFunction(model::embed, config.embedderId(), config.forwardText(), config.redactor(),
                        config.embeddingsTopic()));
        service.start();
        return service;
    }

    /** The standard topic's spec under the configured name. */
    static TopicSpec named(TopicSpec standard, String name) {
        return new TopicSpec(name, standard.keyDescription(), standard.valueSchema(), standard.partitions(),
                standard.configs());
    }
}
