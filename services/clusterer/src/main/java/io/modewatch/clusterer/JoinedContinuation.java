package io.modewatch.clusterer;

import io.modewatch.common.errors.ContinuationWeight;
import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.common.serde.AvroArrays;
import java.util.Map;

/**
 * A continuation with both views, as the clusterer's scope processor sees it after the join.
 * Validated once here, at the boundary, so the numerical core only ever sees consistent input.
 */
record JoinedContinuation(String continuationId, String scope, double weight, long timestamp, String text,
                          float[] semantic, int signatureDim, int[] indices, float[] values, String modelId,
                          String modelVersion, String signatureSpaceId, Map<String, String> attributes) {

    /** @param text how the text is kept as an exemplar (redacted, cut) */
    static JoinedContinuation of(ContinuationEmbedding e, ContinuationSignature s, ExemplarText text) {
        String id = e.getContinuationId();
        if (!e.getScope().equals(s.getScope())) {
            throw new InvalidRecordException("continuation " + id + ": embedding scope '" + e.getScope()
                    + "' differs from signature scope '" + s.getScope() + "'");
        }
        float[] semantic = AvroArrays.floats(e.getVector());
        if (semantic.length != e.getDimension() || semantic.length == 0) {
            throw new InvalidRecordException("continuation " + id + ": embedding has " + semantic.length
                    + " values but declares dimension " + e.getDimension());
        }
        double norm = 0;
        for (int i = 0; i < semantic.length; i++) {
            float v = semantic[i];
            if (!Float.isFinite(v)) {
                throw new InvalidRecordException("continuation " + id + ": embedding value " + i + " is not finite");
            }
            norm += (double) v * v;
        }
        if (norm == 0) {
            throw new InvalidRecordException("continuation " + id + ": embedding is the zero vector");
        }
        // The objective assumes unit vectors; an embedder that forgot to normalise is forgiven, not trusted.
        float inv = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < semantic.length; i++) {
            semantic[i] *= inv;
        }
        int[] indices = AvroArrays.ints(s.getIndices());
        float[] values = AvroArrays.floats(s.getValues());
        if (indices.length != values.length) {
            throw new InvalidRecordException("continuation " + id + ": signature has " + indices.length + " indices but "
                    + values.length + " values");
        }
        int dim = s.getDimension();
        int previous = -1;
        for (int i = 0; i < indices.length; i++) {
            int j = indices[i];
            if (j <= previous || j >= dim) {
                throw new InvalidRecordException("continuation " + id + ": signature indices must be increasing and"
                        + " below the dimension " + dim + " (index " + j + " at position " + i + ")");
            }
            if (!Float.isFinite(values[i])) {
                throw new InvalidRecordException("continuation " + id + ": signature value at position " + i + " is not finite");
            }
            previous = j;
        }
        double weight = ContinuationWeight.require(id, e.getWeight());
        return new JoinedContinuation(id, e.getScope(), weight, Math.max(e.getTimestamp().toEpochMilli(),
                s.getTimestamp().toEpochMilli()), text.apply(e.getText()), semantic, dim, indices, values, s.getModelId(),
                s.getModelVersion(), s.getSignatureSpaceId(), Map.copyOf(e.getAttributes()));
    }
}
