package io.modewatch.embedder;

import io.modewatch.common.errors.ContinuationWeight;
import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.common.loop.BatchFunction;
import io.modewatch.common.loop.Outcome;
import io.modewatch.common.redaction.TextRedactor;
import io.modewatch.schema.ContinuationEmbedding;
import io.modewatch.schema.SampledContinuation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Continuations in, one embedding each out, keyed by continuation id. All texts of a batch go
 * through the model in one call; if that call fails, each text is tried alone so that only the
 * continuation that breaks the model is dead-lettered.
 */
final class EmbedBatchFunction implements BatchFunction<SampledContinuation, String, ContinuationEmbedding> {

    private final TextEmbedder model;
    private final String embedderId;
    private final boolean forwardText;
    private final TextRedactor redactor;
    private final String topic;

    /** @param redactor applied to the forwarded text only: the model embeds what the continuation says */
    EmbedBatchFunction(TextEmbedder model, String embedderId, boolean forwardText, TextRedactor redactor, String topic) {
        this.redactor = redactor;
        this.topic = topic;
        this.model = model;
        this.embedderId = embedderId;
        this.forwardText = forwardText;
    }

    @Override
    public List<Outcome<String, ContinuationEmbedding>> apply(List<SampledContinuation> continuations) {
        List<Outcome<String, ContinuationEmbedding>> out = new ArrayList<>(continuations.size());
        List<Integer> valid = new ArrayList<>();
        for (int i = 0; i < continuations.size(); i++) {
            SampledContinuation c = continuations.get(i);
            try {
                validate(c);
                out.add(null);
                valid.add(i);
            } catch (InvalidRecordException e) {
                out.add(Outcome.failed(e));
            }
        }
        float[][] vectors = embedAll(valid.stream().map(i -> continuations.get(i).getContinuation()).toList());
        for (int k = 0; k < valid.size(); k++) {
            int i = valid.get(k);
            out.set(i, vectors != null ? outcome(continuations.get(i), vectors[k]) : embedAlone(continuations.get(i)));
        }
        return out;
    }

    private static void validate(SampledContinuation c) {
        if (c.getContinuation() == null || c.getContinuation().isBlank()) {
            throw new InvalidRecordException("continuation " + c.getContinuationId() + " has an empty text: nothing to embed");
        }
        ContinuationWeight.require(c.getContinuationId(), c.getWeight());
    }

    /** Null when the batch call failed. */
    private float[][] embedAll(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        try {
            return model.embed(texts);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private Outcome<String, ContinuationEmbedding> embedAlone(SampledContinuation c) {
        try {
            return outcome(c, model.embed(List.of(c.getContinuation()))[0]);
        } catch (RuntimeException e) {
            return Outcome.failed(e);
        }
    }

    private Outcome<String, ContinuationEmbedding> outcome(SampledContinuation c, float[] vector) {
        for (int j = 0; j < vector.length; j++) {
            if (!Float.isFinite(vector[j])) {
                return Outcome.failed(new IllegalStateException("the embedding of " + c.getContinuationId()
                        + " holds " + vector[j] + " at component " + j));
            }
        }
        String text = forwardText ? redactor.redact(c.getContinuation()) : null;
        Map<String, String> attributes = new HashMap<>(c.getAttributes());
        if (text != null && !text.equals(c.getContinuation())) {
            attributes.put(TextRedactor.ATTRIBUTE, "true");
        }
        List<Float> values = new ArrayList<>(vector.length);
        for (float v : vector) {
            values.add(v);
        }
        ContinuationEmbedding embedding = ContinuationEmbedding.newBuilder()
                .setContinuationId(c.getContinuationId())
                .setScope(c.getScope())
                .setEmbedderId(embedderId)
                .setDimension(vector.length)
                .setVector(values)
                .setWeight(c.getWeight())
                .setTimestamp(c.getSampledTimestamp())
                .setText(text)
                .setAttributes(attributes)
                .build();
        return Outcome.produced(List.of(new Outcome.Output<>(topic, c.getScope(), embedding)));
    }
}
