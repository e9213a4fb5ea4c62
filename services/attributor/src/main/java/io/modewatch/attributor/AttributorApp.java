package io.modewatch.attributor;

import io.modewatch.common.config.ConfigException;
import io.modewatch.common.loop.LoopService;
import io.modewatch.common.loop.RunningLoopService;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.common.topics.TopicSpec;
import io.modewatch.models.checkpoint.CheckpointException;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.SampledContinuation;
import java.util.Map;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Wiring of the attributor service; {@link #main} is the only place that reads the environment.
 * A consume/produce loop, not Kafka Streams: a forward and backward pass blocks for as long as the
 * model takes, which on a Streams thread would stall polling and trigger rebalances (see
 * TransactionalBatchLoop).
 */
public final class AttributorApp {

    private AttributorApp() {
    }

    public static void main(String[] args) {
        run(System.getenv());
    }

    /** Starts the service from these environment variables; a configuration error exits with status 2. */
    public static void run(Map<String, String> environment) {
        try {
            var attributor = start(AttributorConfig.from(environment));
            Runtime.getRuntime().addShutdownHook(new Thread(attributor::close, "attributor-shutdown"));
        } catch (ConfigException | CheckpointException e) {
            System.err.println("attributor: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Loads the configured model and starts the attributor on it; closing the result closes both. */
    public static RunningLoopService<SampledContinuation, String, ContinuationSignature> start(AttributorConfig config) {
        DecoderLm model = config.loadModel();
        try {
            return new RunningLoopService<>(start(config, model), model::close);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Starts the attributor on a model the caller loaded (with {@link AttributorConfig#loadModel()})
     * and closes after the service, so one JVM can share one model between the sampler and the attributor.
     */
    public static LoopService<SampledContinuation, String, ContinuationSignature> start(AttributorConfig config,
                                                                                       DecoderLm model) {
        var registry = new RegistryAvroSerdes(config.env().registry());
        var function = new AttributeBatchFunction(new DecoderSignatureModel(model, config.attribution()),
                config.modelId(), config.modelVersion(), config.signaturesTopic());
        var service = new LoopService<>(config.env(), List.of(config.continuationsTopic()),
                List.of(named(ModewatchTopics.CONTINUATIONS, config.continuationsTopic()),
                        named(ModewatchTopics.SIGNATURES, config.signaturesTopic())), config.batchSize(),
                registry.valueSerde(SampledContinuation.class).deserializer(), new StringSerializer(),
                registry.valueSerde(ContinuationSignature.class).serializer(), function);
        service.start();
        return service;
    }

    /** The standard topic's spec under the configured name. */
    static TopicSpec named(TopicSpec standard, String name) {
        return new TopicSpec(name, standard.keyDescription(), standard.valueSchema(), standard.partitions(),
                standard.configs());
    }
}
