package io.modewatch.sampler;

import io.modewatch.common.config.ConfigException;
import io.modewatch.common.loop.LoopService;
import io.modewatch.common.loop.RunningLoopService;
import io.modewatch.common.serde.PromptEventDeserializer;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.common.topics.TopicSpec;
import io.modewatch.models.checkpoint.CheckpointException;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.schema.PromptEvent;
import io.modewatch.schema.SampledContinuation;
import java.time.Clock;
import java.util.Map;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Wiring of the sampler service; {@link #main} is the only place that reads the environment.
 * A consume/produce loop, not Kafka Streams: generation blocks for as long as the model takes,
 * which on a Streams thread would stall polling and trigger rebalances (see TransactionalBatchLoop).
 */
public final class SamplerApp {

    private SamplerApp() {
    }

    public static void main(String[] args) {
        run(System.getenv());
    }

    /** Starts the service from these environment variables; a configuration error exits with status 2. */
    public static void run(Map<String, String> environment) {
        try {
            SamplerConfig config = SamplerConfig.from(environment);
            var sampler = start(config);
            Runtime.getRuntime().addShutdownHook(new Thread(sampler::close, "sampler-shutdown"));
        } catch (ConfigException | CheckpointException e) {
            System.err.println("sampler: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Loads the configured model and starts the sampler on it; closing the result closes both. */
    public static RunningLoopService<PromptEvent, String, SampledContinuation> start(SamplerConfig config) {
        DecoderLm model = config.loadModel();
        try {
            return new RunningLoopService<>(start(config, model), model::close);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Starts the sampler on a model the caller loaded (with {@link SamplerConfig#loadModel()}) and
     * closes after the service, so one JVM can share one model between the sampler and the attributor.
     */
    public static LoopService<PromptEvent, String, SampledContinuation> start(SamplerConfig config, DecoderLm model) {
        var registry = new RegistryAvroSerdes(config.env().registry());
        SamplerCounts counts = new SamplerCounts();
        var function = new SampleBatchFunction(config, new GeneratorContinuationSource(model, config.generation()),
                counts, Clock.systemUTC());
        var service = new LoopService<>(config.env(), List.of(config.promptsTopic()),
                List.of(named(ModewatchTopics.PROMPTS, config.promptsTopic()),
                        named(ModewatchTopics.CONTINUATIONS, config.continuationsTopic())), config.batchSize(),
                new PromptEventDeserializer(registry.valueSerde(PromptEvent.class).deserializer()),
                new StringSerializer(), registry.valueSerde(SampledContinuation.class).serializer(), function);
        counts.bindTo(service.metrics());
        service.start();
        return service;
    }

    /** The standard topic's spec under the configured name. */
    static TopicSpec named(TopicSpec standard, String name) {
        return new TopicSpec(name, standard.keyDescription(), standard.valueSchema(), standard.partitions(),
                standard.configs());
    }
}
