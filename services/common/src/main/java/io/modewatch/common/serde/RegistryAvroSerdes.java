package io.modewatch.common.serde;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Avro serdes for modewatch's generated record classes, through the schema registry, in the
 * Confluent wire format (magic byte 0, 4-byte schema id, Avro binary) so that any
 * Confluent-format consumer can read modewatch's topics.
 *
 * <p>Producers never register: {@link SchemaRegistrar} registers every subject at start, and the
 * serializer looks its schema up by content, so a producer whose schema was not registered fails
 * loudly instead of creating a version nobody reviewed.
 */
public final class RegistryAvroSerdes {

    private final RegistryConnection registry;

    public RegistryAvroSerdes(URI registryUrl) {
        this(RegistryConnection.anonymous(registryUrl));
    }

    public RegistryAvroSerdes(RegistryConnection registry) {
        this.registry = registry;
    }

    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        Map<String, Object> config = config();
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config, false);
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(config, false);
        return Serdes.serdeFrom(serializer, new WireFormatDeserializer<>(deserializer));
    }

    /** The client configuration, also usable as {@code value.serializer} properties of a plain producer. */
    public Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>(registry.serdeConfig());
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, false);
        // Schema ids in the payload, not in headers: the Confluent wire format.
        config.put(KafkaSerdeConfig.ENABLE_HEADERS, false);
        config.put(SerdeConfig.USE_ID, "contentId");
        config.put("apicurio.registry.use-specific-avro-reader", true);
        // Schemas are registered whole (nested records and enums inline, as the generated classes carry
        // them); without this the client splits nested types into separate references and then finds
        // no registered schema with that content.
        config.put(SerdeConfig.DEREFERENCE_SCHEMA, true);
        config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, SchemaInstanceDatumProvider.class.getName());
        return config;
    }
}
