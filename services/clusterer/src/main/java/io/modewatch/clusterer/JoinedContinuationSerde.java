package io.modewatch.clusterer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Binary form of {@link JoinedContinuation} on the clusterer's internal repartition topic. */
final class JoinedContinuationSerde implements Serde<JoinedContinuation> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<JoinedContinuation> serializer() {
        return (topic, c) -> {
            if (c == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 4 * (c.semantic().length + 2 * c.values().length));
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION);
                out.writeUTF(c.continuationId());
                out.writeUTF(c.scope());
                out.writeDouble(c.weight());
                out.writeLong(c.timestamp());
                writeNullable(out, c.text());
                // Arrays in one bulk write each: per-element DataOutputStream calls showed up in profiles.
                out.writeInt(c.semantic().length);
                ByteBuffer semantic = ByteBuffer.allocate(Float.BYTES * c.semantic().length);
                semantic.asFloatBuffer().put(c.semantic());
                out.write(semantic.array());
                out.writeInt(c.signatureDim());
                out.writeInt(c.indices().length);
                ByteBuffer signature = ByteBuffer.allocate((Integer.BYTES + Float.BYTES) * c.indices().length);
                signature.asIntBuffer().put(c.indices());
                signature.position(Integer.BYTES * c.indices().length);
                signature.slice().asFloatBuffer().put(c.values());
                out.write(signature.array());
                out.writeUTF(c.modelId());
                out.writeUTF(c.modelVersion());
                out.writeUTF(c.signatureSpaceId());
                out.writeInt(c.attributes().size());
                for (var e : c.attributes().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeUTF(e.getValue());
                }
            } catch (IOException e) {
                throw new SerializationException("cannot encode joined continuation", e);
            }
            return bytes.toByteArray();
        };
    }

    @Override
    public Deserializer<JoinedContinuation> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                if (in.readByte() != VERSION) {
                    throw new SerializationException("joined continuation has an unknown format version");
                }
                String id = in.readUTF();
                String scope = in.readUTF();
                double weight = in.readDouble();
                long timestamp = in.readLong();
                String text = readNullable(in);
                float[] semantic = new float[in.readInt()];
                bulk(in, Float.BYTES * semantic.length).asFloatBuffer().get(semantic);
                int dim = in.readInt();
                int n = in.readInt();
                int[] indices = new int[n];
                float[] values = new float[n];
                ByteBuffer signature = bulk(in, (Integer.BYTES + Float.BYTES) * n);
                signature.asIntBuffer().get(indices);
                signature.position(Integer.BYTES * n);
                signature.slice().asFloatBuffer().get(values);
                String modelId = in.readUTF();
                String modelVersion = in.readUTF();
                String space = in.readUTF();
                int attributes = in.readInt();
                Map<String, String> attrs = new LinkedHashMap<>();
                for (int i = 0; i < attributes; i++) {
                    attrs.put(in.readUTF(), in.readUTF());
                }
                return new JoinedContinuation(id, scope, weight, timestamp, text, semantic, dim, indices, values,
                        modelId, modelVersion, space, attrs);
            } catch (IOException e) {
                throw new SerializationException("cannot decode joined continuation", e);
            }
        };
    }

    private static ByteBuffer bulk(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes);
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            // writeUTF is limited to 64 KiB; continuations are short, but a guard beats a crash.
            out.writeUTF(s.length() > 16_000 ? s.substring(0, 16_000) : s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
