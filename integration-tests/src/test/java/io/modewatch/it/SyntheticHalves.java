package io.modewatch.it;

import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Both halves of every continuation of a few scopes, in arrival order, as the embedder and the
 * attributor would write them: modes with a little noise, 8-dimensional embeddings and 16-unit
 * signatures. The clusterer's input without running the models. Mode 0 and mode 1 alternate in
 * {@link #of}; mode 2 is new in both views (its own embedding axis and its own units).
 */
final class SyntheticHalves {

    private SyntheticHalves() {
    }

    /** The embedding axis and the signature unit each mode is concentrated on. */
    private static final int[] EMBEDDING_AXIS = {0, 3, 6};
    private static final int[] SIGNATURE_UNIT = {0, 8, 4};

    static List<ProducerRecord<byte[], byte[]>> of(URI registryUrl, List<String> scopes, int perScope, long seed) {
        return of(registryUrl, scopes, 0, perScope, seed, i -> i % 2, Instant.now(), Duration.ZERO);
    }

    /**
     * Continuations {@code from} to {@code from + count - 1} of each scope, continuation i in mode
     * {@code modeOf(i)} and timestamped {@code start + i * step}.
     */
    static List<ProducerRecord<byte[], byte[]>> of(URI registryUrl, List<String> scopes, int from, int count, long seed,
            IntUnaryOperator modeOf, Instant start, Duration step) {
        var serdes = new RegistryAvroSerdes(registryUrl);
        var embeddings = serdes.valueSerde(ContinuationEmbedding.class).serializer();
        var signatures = serdes.valueSerde(ContinuationSignature.class).serializer();
        String embeddingTopic = ModewatchTopics.EMBEDDINGS.name();
        String signatureTopic = ModewatchTopics.SIGNATURES.name();
        Random random = new Random(seed);
        Function<Integer, List<Float>> noisyAxis = axis -> {
            List<Float> v = new ArrayList<>();
            for (int j = 0; j < 16; j++) {
                v.add((j == axis ? 4f : 0f) + (float) (0.05 * random.nextGaussian()));
            }
            return v;
        };
        List<Integer> indices = new ArrayList<>();
        for (int j = 0; j < 16; j++) {
            indices.add(j);
        }
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            Instant t = start.plus(step.multipliedBy(i));
            for (String scope : scopes) {
                String id = scope + "-" + i;
                int mode = modeOf.applyAsInt(i);
                ContinuationEmbedding e = ContinuationEmbedding.newBuilder().setContinuationId(id).setScope(scope)
                        .setEmbedderId("test").setDimension(8).setVector(noisyAxis.apply(EMBEDDING_AXIS[mode]).subList(0, 8))
                        .setWeight(0.5).setTimestamp(t).setText("mode " + mode).setAttributes(Map.of()).build();
                ContinuationSignature s = ContinuationSignature.newBuilder().setContinuationId(id).setScope(scope)
                        .setModelId("tiny").setModelVersion("1").setSignatureSpaceId("mlp-neurons:L2xN8").setDimension(16)
                        .setIndices(indices).setValues(noisyAxis.apply(SIGNATURE_UNIT[mode])).setTargetValue(1.0).setWeight(0.5)
                        .setTimestamp(t).build();
                byte[] key = scope.getBytes(StandardCharsets.UTF_8);
                out.add(new ProducerRecord<>(embeddingTopic, key, embeddings.serialize(embeddingTopic, e)));
                out.add(new ProducerRecord<>(signatureTopic, key, signatures.serialize(signatureTopic, s)));
            }
        }
        return out;
    }
}
