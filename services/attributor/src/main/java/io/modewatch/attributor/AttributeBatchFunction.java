package io.modewatch.attributor;

import io.modewatch.common.errors.ContinuationWeight;
import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.common.loop.BatchFunction;
import io.modewatch.common.loop.Outcome;
import io.modewatch.common.signature.UnitSpace;
import io.modewatch.models.lm.Signature;
import io.modewatch.models.lm.TeacherForcedSequence;
import io.modewatch.schema.ContinuationSignature;
import io.modewatch.schema.SampledContinuation;
import java.util.ArrayList;
import java.util.List;

/**
 * Continuations in, one attribution signature each out, keyed by continuation id. The prefix is
 * re-tokenised from the stored text and the continuation is teacher-forced from its token ids, so
 * the signature explains exactly the tokens the model sampled. A continuation from another model
 * or version is dead-lettered: its token ids mean nothing to this model, and signatures of
 * different models live in different unit spaces.
 */
final class AttributeBatchFunction implements BatchFunction<SampledContinuation, String, ContinuationSignature> {

    private final SignatureModel model;
    private final String modelId;
    private final String modelVersion;
    private final String topic;
    /** The space of the last signature and its id: every signature of one model has the same, so it is built once. */
    private UnitSpace space;
    private String spaceId;

    AttributeBatchFunction(SignatureModel model, String modelId, String modelVersion, String topic) {
        this.topic = topic;
        this.model = model;
        this.modelId = modelId;
        this.modelVersion = modelVersion;
    }

    @Override
    public List<Outcome<String, ContinuationSignature>> apply(List<SampledContinuation> continuations) {
        List<Outcome<String, ContinuationSignature>> out = new ArrayList<>(continuations.size());
        List<Integer> valid = new ArrayList<>();
        List<TeacherForcedSequence> sequences = new ArrayList<>();
        for (int i = 0; i < continuations.size(); i++) {
            try {
                sequences.add(sequence(continuations.get(i)));
                valid.add(i);
                out.add(null);
            } catch (RuntimeException e) {
                out.add(Outcome.failed(e));
            }
        }
        List<Signature> signatures = attributeAll(sequences);
        for (int k = 0; k < valid.size(); k++) {
            int i = valid.get(k);
            out.set(i, signatures != null ? outcome(continuations.get(i), signatures.get(k))
                    : attributeAlone(continuations.get(i), sequences.get(k)));
        }
        return out;
    }

    private TeacherForcedSequence sequence(SampledContinuation c) {
        String id = c.getContinuationId();
        if (!modelId.equals(c.getModelId()) || !modelVersion.equals(c.getModelVersion())) {
            throw new InvalidRecordException("continuation " + id + " was sampled by model '" + c.getModelId()
                    + "' version '" + c.getModelVersion() + "', but this attributor runs model '" + modelId
                    + "' version '" + modelVersion + "' (MODEWATCH_MODEL_ID, MODEWATCH_MODEL_VERSION)");
        }
        if (c.getTokenIds().isEmpty()) {
            throw new InvalidRecordException("continuation " + id + " has no tokens: nothing to attribute");
        }
        ContinuationWeight.require(id, c.getWeight());
        int vocabulary = model.vocabularySize();
        int[] continuation = new int[c.getTokenIds().size()];
        for (int t = 0; t < continuation.length; t++) {
            int token = c.getTokenIds().get(t);
            if (token < 0 || token >= vocabulary) {
                throw new InvalidRecordException("continuation " + id + " holds token id " + token
                        + ", outside the model's vocabulary of " + vocabulary);
            }
            continuation[t] = token;
        }
        int[] prefix = model.tokenize(c.getPrefix());
        if (prefix.length == 0) {
            throw new InvalidRecordException("continuation " + id + " has a prefix without tokens: nothing predicts"
                    + " its first token");
        }
        if (prefix.length + continuation.length > model.maxPositions()) {
            throw new InvalidRecordException("continuation " + id + " has " + prefix.length + " prefix and "
                    + continuation.length + " continuation tokens, more than the model's context of "
                    + model.maxPositions() + " positions");
        }
        return new TeacherForcedSequence(prefix, continuation);
    }

    /** Null when the batch call failed. */
    private List<Signature> attributeAll(List<TeacherForcedSequence> sequences) {
        if (sequences.isEmpty()) {
            return List.of();
        }
        try {
            return model.attribute(sequences);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Outcome<String, ContinuationSignature> attributeAlone(SampledContinuation c, TeacherForcedSequence s) {
        try {
            return outcome(c, model.attribute(List.of(s)).get(0));
        } catch (RuntimeException e) {
            return Outcome.failed(e);
        }
    }

    /** The signature's layout as its id ({@link UnitSpace}), which lets every consumer name the units. */
    private String spaceId(Signature s) {
        UnitSpace current = new UnitSpace(s.layers(), s.unitsPerLayer(), s.headsPerLayer());
        if (!current.equals(space)) {
            space = current;
            spaceId = current.id();
        }
        return spaceId;
    }

    private Outcome<String, ContinuationSignature> outcome(SampledContinuation c, Signature s) {
        if (!Double.isFinite(s.target())) {
            return Outcome.failed(new IllegalStateException("the attribution target of " + c.getContinuationId()
                    + " is " + s.target()));
        }
        List<Integer> indices = new ArrayList<>(s.units().length);
        List<Float> values = new ArrayList<>(s.values().length);
        for (int j = 0; j < s.units().length; j++) {
            if (!Float.isFinite(s.values()[j])) {
                return Outcome.failed(new IllegalStateException("the signature of " + c.getContinuationId()
                        + " holds " + s.values()[j] + " at unit " + s.units()[j]));
            }
            indices.add(s.units()[j]);
            values.add(s.values()[j]);
        }
        ContinuationSignature signature = ContinuationSignature.newBuilder()
                .setContinuationId(c.getContinuationId())
                .setScope(c.getScope())
                .setModelId(modelId)
                .setModelVersion(modelVersion)
                .setSignatureSpaceId(spaceId(s))
                .setDimension(s.dimension())
                .setIndices(indices)
                .setValues(values)
                .setTargetValue(s.target())
                .setWeight(c.getWeight())
                .setTimestamp(c.getSampledTimestamp())
                .build();
        return Outcome.produced(List.of(new Outcome.Output<>(topic, c.getScope(), signature)));
    }
}
