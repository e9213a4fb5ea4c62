package io.modewatch.common.errors;

import io.micrometer.core.instrument.Metrics;
import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.serde.RegistryConnection;
import io.modewatch.schema.DeadLetter;
import io.modewatch.schema.DeadLetterStage;
import java.util.Map;

/**
 * The two Kafka Streams properties the dead-letter handlers read (Streams instantiates handlers
 * by class name and hands them the whole config map).
 */
public final class StreamsDeadLetterConfig {

    public static final String SERVICE = "modewatch.service";
    /** A {@link RegistryConnection} (an object, not a string: it carries credentials). */
    public static final String REGISTRY = "modewatch.registry";

    private StreamsDeadLetterConfig() {
    }

    static DeadLetters deadLetters(Map<String, ?> configs) {
        Object service = configs.get(SERVICE);
        Object registry = configs.get(REGISTRY);
        if (service == null || !(registry instanceof RegistryConnection connection)) {
            throw new IllegalStateException("dead-letter handlers need the Streams properties " + SERVICE + " and "
                    + REGISTRY + " (a RegistryConnection)");
        }
        var serde = new RegistryAvroSerdes(connection).valueSerde(DeadLetter.class);
        return new DeadLetters(service.toString(), serde.serializer());
    }

    static void count(String service, DeadLetterStage stage) {
        DeadLetters.count(Metrics.globalRegistry, service, stage);
    }
}
