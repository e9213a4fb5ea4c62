package io.modewatch.clusterer;

import io.modewatch.common.errors.ContinuationWeight;
import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.ContinuationSignature;
import java.util.List;
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
        List<Float> vector = e.getVector();
        if (vector.size() != e.getDimension() || vector.isEmpty()) {
            throw new InvalidRecordException("continuation " + id + ": embedding has " + vector.size()
                    + " values but declares dimension " + e.getDimension());
        }
        float[] semantic = new float[vector.size()];
        double norm = 0;
        for (int i = 0; i < semantic.length; i++) {
            float v = vector.get(i);
            if (!Float.isFinite(v)) {
                throw new InvalidRecordException("continuation " + id + ": embedding value " + i + " is not finite");
            }
            semantic[i] = v;
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
        List<Integer> idx = s.getIndices();
        List<Float> val = s.getValues();
        if (idx.size() != val.size()) {
            throw new InvalidRecordException("continuation " + id + ": signature has " + idx.size() + " indices but "
                    + val.size() + " values");
        }
        int dim = s.getDimension();
        int[] indices = new int[idx.size()];
        float[] values = new float[val.size()];
        int previous = -1;
        for (int i = 0; i < indices.length; i++) {
            int j = idx.get(i);
            if (j <= previous || j >= dim) {
                throw new InvalidRecordException("continuation " + id + ": signature indices must be increasing and"
                        + " below the dimension " + dim + " (index " + j + " at position " + i + ")");
            }
            float v = val.get(i);
            if (!Float.isFinite(v)) {
                throw new InvalidRecordException("continuation " + id + ": signature value at position " + i + " is not finite");
            }
            indices[i] = j;
            values[i] = v;
            previous = j;
        }
        double weight = ContinuationWeight.require(id, e.getWeight());
        return new JoinedContinuation(id, e.getScope(), weight, Math.max(e.getTimestamp().toEpochMilli(),
                s.getTimestamp().toEpochMilli()), text.apply(e.getText()), semantic, dim, indices, values, s.getModelId(),
                s.getModelVersion(), s.getSignatureSpaceId(), Map.copyOf(e.getAttributes()));
    }
}
