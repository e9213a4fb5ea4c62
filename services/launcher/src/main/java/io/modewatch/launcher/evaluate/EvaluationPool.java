package io.modewatch.launcher.evaluate;

import io.modewatch.clustering.SparseSignature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The model outputs of one traffic seed, by prompt variant. Scenarios draw their prompts from it,
 * so the model runs once per seed however many timelines are evaluated. Written to a cache file
 * whose name holds everything the outputs depend on ({@link PoolKey}).
 */
record EvaluationPool(long seed, Map<String, List<PoolPrompt>> byVariant) {

    private static final int FORMAT = 1;

    List<PoolPrompt> of(String variant) {
        List<PoolPrompt> prompts = byVariant.get(variant);
        if (prompts == null || prompts.isEmpty()) {
            throw new IllegalStateException("the evaluation pool of seed " + seed + " has no " + variant + " prompts");
        }
        return prompts;
    }

    int continuations() {
        return byVariant.values().stream().flatMap(List::stream).mapToInt(p -> p.continuations().size()).sum();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(partial))))) {
            out.writeInt(FORMAT);
            out.writeLong(seed);
            out.writeInt(byVariant.size());
            for (Map.Entry<String, List<PoolPrompt>> entry : byVariant.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().size());
                for (PoolPrompt p : entry.getValue()) {
                    out.writeUTF(p.door());
                    out.writeInt(p.continuations().size());
                    for (PoolPrompt.PoolContinuation c : p.continuations()) {
                        out.writeUTF(c.text());
                        out.writeUTF(c.mode());
                        out.writeDouble(c.weight());
                        writeFloats(out, c.embedding());
                        out.writeInt(c.signature().dim());
                        out.writeInt(c.signature().indices().length);
                        for (int i : c.signature().indices()) {
                            out.writeInt(i);
                        }
                        writeFloats(out, c.signature().values());
                    }
                }
            }
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static EvaluationPool read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(Files.newInputStream(file))))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("evaluation cache " + file + " has format " + format + ", expected " + FORMAT);
            }
            long seed = in.readLong();
            int variants = in.readInt();
            Map<String, List<PoolPrompt>> byVariant = new LinkedHashMap<>();
            for (int v = 0; v < variants; v++) {
                String variant = in.readUTF();
                int n = in.readInt();
                List<PoolPrompt> prompts = new ArrayList<>(n);
                for (int p = 0; p < n; p++) {
                    String door = in.readUTF();
                    int m = in.readInt();
                    List<PoolPrompt.PoolContinuation> continuations = new ArrayList<>(m);
                    for (int c = 0; c < m; c++) {
                        String text = in.readUTF();
                        String mode = in.readUTF();
                        double weight = in.readDouble();
                        float[] embedding = readFloats(in);
                        int dim = in.readInt();
                        int[] indices = new int[in.readInt()];
                        for (int i = 0; i < indices.length; i++) {
                            indices[i] = in.readInt();
                        }
                        float[] values = readFloats(in);
                        continuations.add(new PoolPrompt.PoolContinuation(text, mode, weight, embedding,
                                new SparseSignature(dim, indices, values)));
                    }
                    prompts.add(new PoolPrompt(variant, door, List.copyOf(continuations)));
                }
                byVariant.put(variant, List.copyOf(prompts));
            }
            return new EvaluationPool(seed, byVariant);
        }
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] values = new float[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
