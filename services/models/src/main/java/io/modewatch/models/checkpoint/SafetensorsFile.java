package io.modewatch.models.checkpoint;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format (8-byte little-endian header length, JSON header, raw
 * little-endian data). Our own reader rather than {@code NDList.decode} so that half-precision
 * checkpoints widen to float32 on the heap and a bad file fails with the tensor's name.
 */
public final class SafetensorsFile {

    private static final Gson GSON = new Gson();

    private SafetensorsFile() {}

    public static Map<String, HostTensor> read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > 100_000_000L || 8 + headerLength > channel.size()) {
                throw new CheckpointException(file + ": not a safetensors file (header length " + headerLength + ")");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            JsonObject header = GSON.fromJson(new String(headerBytes.array(), StandardCharsets.UTF_8), JsonObject.class);
            long dataStart = 8 + headerLength;
            Map<String, HostTensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> entry : header.entrySet()) {
                if (entry.getKey().equals("__metadata__")) {
                    continue;
                }
                tensors.put(entry.getKey(), readTensor(file, channel, dataStart, entry.getKey(), entry.getValue().getAsJsonObject()));
            }
            return tensors;
        } catch (IOException e) {
            throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static HostTensor readTensor(Path file, FileChannel channel, long dataStart, String name, JsonObject info)
            throws IOException {
        String dtype = info.get("dtype").getAsString();
        JsonArray shapeJson = info.getAsJsonArray("shape");
        long[] shape = new long[shapeJson.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeJson.get(i).getAsLong();
        }
        JsonArray offsets = info.getAsJsonArray("data_offsets");
        long begin = offsets.get(0).getAsLong();
        long end = offsets.get(1).getAsLong();
        int count = Math.toIntExact(HostTensor.numel(shape));
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "F64" -> 8;
            default -> throw new CheckpointException(file + ": tensor '" + name + "' has unsupported dtype " + dtype);
        };
        if (end - begin != (long) count * width) {
            throw new CheckpointException(file + ": tensor '" + name + "' byte range does not match its shape and dtype");
        }
        MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, end - begin);
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[count];
        switch (dtype) {
            case "F32" -> buffer.asFloatBuffer().get(data);
            case "F64" -> {
                for (int i = 0; i < count; i++) {
                    data[i] = (float) buffer.getDouble();
                }
            }
            case "BF16" -> {
                for (int i = 0; i < count; i++) {
                    data[i] = Float.intBitsToFloat((buffer.getShort() & 0xffff) << 16);
                }
            }
            default -> {
                for (int i = 0; i < count; i++) {
                    data[i] = halfToFloat(buffer.getShort());
                }
            }
        }
        return new HostTensor(shape, data);
    }

    /** Writes float32 tensors in name order, so the same weights always give the same bytes. */
    public static void write(Path file, Map<String, HostTensor> tensors) {
        Map<String, HostTensor> sorted = new TreeMap<>(tensors);
        JsonObject header = new JsonObject();
        JsonObject metadata = new JsonObject();
        metadata.addProperty("format", "pt");
        header.add("__metadata__", metadata);
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : sorted.entrySet()) {
            JsonObject info = new JsonObject();
            info.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offset += 4L * e.getValue().data().length;
            offsets.add(offset);
            info.add("data_offsets", offsets);
            header.add(e.getKey(), info);
        }
        byte[] headerBytes = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        // The format asks for the data to start 8-byte aligned; pad the header with spaces.
        int padded = (headerBytes.length + 7) / 8 * 8;
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(headerBytes);
            while (head.hasRemaining()) {
                head.put((byte) ' ');
            }
            out.write(head.array());
            for (HostTensor t : sorted.values()) {
                ByteBuffer body = ByteBuffer.allocate(4 * t.data().length).order(ByteOrder.LITTLE_ENDIAN);
                body.asFloatBuffer().put(t.data());
                out.write(body.array());
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** IEEE half to float; Float.float16ToFloat only arrived in JDK 20. */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long pos = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }
}
