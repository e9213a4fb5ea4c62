package io.modewatch.it;

import io.modewatch.common.serde.RegistryAvroSerdes;
import io.modewatch.common.topics.ModewatchTopics;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Both halves of every continuation of a few scopes, in arrival order, as the embedder and the
 * attributor would write them: two modes per scope with a little noise, 8-dimensional embeddings
 * and 16-unit signatures. The clusterer's input without running the models.
 */
final class SyntheticHalves {

    private SyntheticHalves() {
    }

    static List<ProducerRecord<byte[], byte[]>> of(URI registryUrl, List<String> scopes, int perScope, long seed) {
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
        Instant t = Instant.now();
        for (int i = 0; i < perScope; i++) {
            for (String scope : scopes) {
                String id = scope + "-" + i;
                int mode = i % 2;
                ContinuationEmbedding e = ContinuationEmbedding.newBuilder().setContinuationId(id).setScope(scope)
                        .setEmbedderId("test").setDimension(8).setVector(noisyAxis.apply(mode * 3).subList(0, 8))
                        .setWeight(0.5).setTimestamp(t).setText("mode " + mode).setAttributes(Map.of()).build();
                ContinuationSignature s = ContinuationSignature.newBuilder().setContinuationId(id).setScope(scope)
                        .setModelId("tiny").setModelVersion("1").setSignatureSpaceId("mlp-neurons:L2xN8").setDimension(16)
                        .setIndices(indices).setValues(noisyAxis.apply(mode * 8)).setTargetValue(1.0).setWeight(0.5)
                        .setTimestamp(t).build();
                byte[] key = scope.getBytes(StandardCharsets.UTF_8);
                out.add(new ProducerRecord<>(embeddingTopic, key, embeddings.serialize(embeddingTopic, e)));
                out.add(new ProducerRecord<>(signatureTopic, key, signatures.serialize(signatureTopic, s)));
            }
        }
        return out;
    }
}
