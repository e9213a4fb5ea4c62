package io.modewatch.common.serde;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * The registry serdes' datum readers and writers, looked up by the schema object they are for.
 *
 * <p>The default provider finds its cached reader or writer by the schema's parsing fingerprint,
 * which it computes again for every record: it normalises the whole schema to text and hashes it.
 * That was about 8% of the clusterer's stream thread at 5,000 continuations/s. The schemas a serde
 * sees are a few long-lived objects (the generated classes' schemas, and the schema the resolver
 * caches per id), whose hash code Avro caches and whose {@code equals} starts with identity, so a
 * map keyed by the schema costs next to nothing. A schema this map has not seen goes to the default
 * provider, which builds (or finds) the reader or writer as before.
 *
 * <p>The serdes read specific records (the generated classes); for the continuation halves written
 * with the generated schema itself, the reader is {@link ContinuationHalfReaders}' unboxed one.
 */
public final class SchemaInstanceDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    /** Distinct schemas one serde may see: a handful of versions per subject. Past it, the default lookup is used. */
    private static final int MAX_CACHED = 64;

    private final Map<Schema, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> specificWriters = new ConcurrentHashMap<>();
    private final Map<Schema, DatumWriter<T>> genericWriters = new ConcurrentHashMap<>();

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        DatumReader<T> cached = readers.get(schema);
        if (cached != null) {
            return cached;
        }
        DatumReader<T> fast = ContinuationHalfReaders.forWriterSchema(schema);
        DatumReader<T> reader = fast != null ? fast : super.createDatumReader(schema);
        if (readers.size() < MAX_CACHED) {
            readers.putIfAbsent(schema, reader);
        }
        return reader;
    }

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        // The default provider picks a specific or a generic writer by the datum's kind; so does this cache.
        Map<Schema, DatumWriter<T>> writers = data instanceof SpecificRecord ? specificWriters : genericWriters;
        DatumWriter<T> cached = writers.get(schema);
        if (cached != null) {
            return cached;
        }
        DatumWriter<T> writer = super.createDatumWriter(data, schema);
        if (writers.size() < MAX_CACHED) {
            writers.putIfAbsent(schema, writer);
        }
        return writer;
    }
}
