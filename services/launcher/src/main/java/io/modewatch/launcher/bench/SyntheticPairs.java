package io.modewatch.launcher.bench;

import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic stream of both halves of continuations for the clusterer benchmarks, made lazily:
 * every scope has its modes (a unit embedding direction and a set of active units each); an event
 * picks a mode at random and adds noise. The same seed gives the same events, to the bare core and
 * to the broker alike. Events go round the scopes; continuation n is named {@code bench-<n>}.
 */
final class SyntheticPairs {

    /** Both halves of one continuation, with the timestamp the sender sets. */
    record Pair(ContinuationEmbedding embedding, ContinuationSignature signature) {
    }

    private final Random random;
    private final int scopes;
    private final int modes;
    private final int semanticDim;
    private final int signatureDim;
    private final int nonZeros;
    private final double semanticNoise;
    private final double signatureNoise;
    private final float[][][] semantic;
    private final int[][][] units;
    private int n;

    SyntheticPairs(long seed, int scopes, int modes, int semanticDim, int signatureDim, int nonZeros, double semanticNoise,
                   double signatureNoise) {
        this.random = new Random(seed);
        this.scopes = scopes;
        this.modes = modes;
        this.semanticDim = semanticDim;
        this.signatureDim = signatureDim;
        this.nonZeros = nonZeros;
        this.semanticNoise = semanticNoise;
        this.signatureNoise = signatureNoise;
        this.semantic = new float[scopes][modes][];
        this.units = new int[scopes][modes][];
        for (int s = 0; s < scopes; s++) {
            for (int m = 0; m < modes; m++) {
                semantic[s][m] = unit(random, semanticDim);
                units[s][m] = random.ints(0, signatureDim).distinct().limit(nonZeros).sorted().toArray();
            }
        }
    }

    /** The scope of event n. */
    static String scope(int s) {
        return "scope-" + s;
    }

    /** The index n of the continuation {@code bench-<n>}. */
    static int index(String continuationId) {
        return Integer.parseInt(continuationId.substring(continuationId.indexOf('-') + 1));
    }

    Pair next() {
        int s = n % scopes;
        int m = random.nextInt(modes);
        String id = "bench-" + n++;
        String scope = scope(s);
        List<Float> vector = new ArrayList<>(semanticDim);
        float[] base = semantic[s][m];
        float[] noisy = new float[semanticDim];
        double norm = 0;
        for (int i = 0; i < semanticDim; i++) {
            noisy[i] = base[i] + (float) (semanticNoise * random.nextGaussian());
            norm += noisy[i] * noisy[i];
        }
        for (int i = 0; i < semanticDim; i++) {
            vector.add((float) (noisy[i] / Math.sqrt(norm)));
        }
        List<Integer> indices = new ArrayList<>(nonZeros);
        List<Float> values = new ArrayList<>(nonZeros);
        for (int u : units[s][m]) {
            indices.add(u);
            values.add((float) (1 + signatureNoise * random.nextGaussian()));
        }
        Instant t = Instant.EPOCH;
        return new Pair(ContinuationEmbedding.newBuilder().setContinuationId(id).setScope(scope)
                .setEmbedderId("bench").setDimension(semanticDim).setVector(vector).setWeight(0.5).setTimestamp(t)
                .setText(null).setAttributes(Map.of()).build(),
                ContinuationSignature.newBuilder().setContinuationId(id).setScope(scope).setModelId("bench")
                        .setModelVersion("1").setSignatureSpaceId("mlp-neurons").setDimension(signatureDim)
                        .setIndices(indices).setValues(values).setTargetValue(1).setWeight(0.5).setTimestamp(t).build());
    }

    private static float[] unit(Random random, int dim) {
        float[] v = new float[dim];
        double norm = 0;
        for (int i = 0; i < dim; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < dim; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }
}
