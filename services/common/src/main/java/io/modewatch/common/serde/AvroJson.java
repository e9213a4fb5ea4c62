package io.modewatch.common.serde;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro records as plain maps and lists, ready for a JSON encoder, for HTTP answers and readable
 * output: field names as in the schema, timestamps as ISO-8601, bytes as base64.
 */
public final class AvroJson {

    private AvroJson() {
    }

    public static Object toPlain(Object value) {
        if (value instanceof IndexedRecord record) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Schema.Field f : record.getSchema().getFields()) {
                out.put(f.name(), toPlain(record.get(f.pos())));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(toPlain(v)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), toPlain(v)));
            return out;
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return Base64.getEncoder().encodeToString(bytes);
        }
        if (value instanceof Enum<?> || value instanceof GenericEnumSymbol<?> || value instanceof CharSequence) {
            return value.toString();
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return null;
        }
        return value;
    }
}
