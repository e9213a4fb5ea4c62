package io.modewatch.sampler;

import io.modewatch.common.errors.InvalidRecordException;
import io.modewatch.common.loop.BatchFunction;
import io.modewatch.common.loop.Outcome;
import io.modewatch.common.redaction.TextRedactor;
import io.modewatch.models.lm.Continuation;
import io.modewatch.schema.PromptEvent;
import io.modewatch.schema.SampledContinuation;
import io.modewatch.schema.SamplingParameters;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prompts in, continuation events out: scope, sampling decision, generation, one
 * {@link SampledContinuation} per non-empty sample, keyed {@code <prompt id>/<sample index>}.
 * A prompt the policy skips produces nothing; a prompt the model cannot take is dead-lettered.
 */
final class SampleBatchFunction implements BatchFunction<PromptEvent, String, SampledContinuation> {

    /** Attribute added to every continuation: why generation ended ("stop", "eos" or "length"). */
    static final String FINISH_ATTRIBUTE = "modewatch.finish";
    /** Attribute added when the stored prefix differs from the prompt the model saw. */

    private final SamplerConfig config;
    private final ContinuationSource model;
    private final SamplingPolicy.Decider policy;
    private final ScopeRule scopes;
    private final TextRedactor redactor;
    private final SamplerCounts counts;
    private final Clock clock;
    private final String topic;

    SampleBatchFunction(SamplerConfig config, ContinuationSource model, SamplerCounts counts, Clock clock) {
        this.config = config;
        this.model = model;
        this.policy = config.policy().decider();
        this.scopes = new ScopeRule(config.scopeAttribute(), config.defaultScope());
        this.redactor = config.redactor();
        this.counts = counts;
        this.clock = clock;
        this.topic = config.continuationsTopic();
    }

    @Override
    public List<Outcome<String, SampledContinuation>> apply(List<PromptEvent> prompts) {
        List<Outcome<String, SampledContinuation>> out = new ArrayList<>(prompts.size());
        for (PromptEvent prompt : prompts) {
            out.add(sample(prompt));
        }
        return out;
    }

    private Outcome<String, SampledContinuation> sample(PromptEvent prompt) {
        if (prompt.getPromptId() == null || prompt.getPromptId().isBlank()) {
            return Outcome.failed(new InvalidRecordException("prompt_id is empty"));
        }
        if (prompt.getPrompt() == null || prompt.getPrompt().isBlank()) {
            return Outcome.failed(new InvalidRecordException("prompt " + prompt.getPromptId() + " has an empty prompt text"));
        }
        String scope = scopes.scopeOf(prompt);
        SamplingDecision decision = policy.decide(prompt.getPromptId(), scope, prompt.getTimestamp().toEpochMilli());
        counts.decided(decision);
        if (decision != SamplingDecision.SAMPLED) {
            return Outcome.produced(List.of());
        }
        long seed = PromptIdHash.seed(prompt.getPromptId(), config.seed());
        List<Continuation> samples;
        try {
            samples = model.sample(prompt.getPrompt(), config.continuationsPerPrompt(), seed);
        } catch (RuntimeException e) {
            return Outcome.failed(e);
        }
        String prefix = redactor.redact(prompt.getPrompt());
        Instant sampledAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Outcome.Output<String, SampledContinuation>> outputs = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Continuation c = samples.get(i);
            if (c.tokenIds().length == 0) {
                counts.droppedEmpty();
                continue;
            }
            String id = prompt.getPromptId() + "/" + i;
            outputs.add(new Outcome.Output<>(topic, id, continuation(prompt, id, i, scope, prefix, c, seed, sampledAt)));
        }
        counts.produced(outputs.size());
        return Outcome.produced(outputs);
    }

    private SampledContinuation continuation(PromptEvent prompt, String id, int index, String scope, String prefix,
                                             Continuation c, long seed, Instant sampledAt) {
        Map<String, String> attributes = new HashMap<>();
        if (prompt.getAttributes() != null) {
            attributes.putAll(prompt.getAttributes());
        }
        attributes.put(FINISH_ATTRIBUTE, c.finish());
        if (!prefix.equals(prompt.getPrompt())) {
            attributes.put(TextRedactor.ATTRIBUTE, "true");
        }
        List<Integer> tokens = new ArrayList<>(c.tokenIds().length);
        for (int t : c.tokenIds()) {
            tokens.add(t);
        }
        List<Float> logProbs = new ArrayList<>(c.logProbs().length);
        for (float lp : c.logProbs()) {
            logProbs.add(lp);
        }
        return SampledContinuation.newBuilder()
                .setContinuationId(id)
                .setPromptId(prompt.getPromptId())
                .setScope(scope)
                .setSampleIndex(index)
                .setModelId(config.modelId())
                .setModelVersion(config.modelVersion())
                .setPrefix(prefix)
                .setContinuation(c.text())
                .setTokenIds(tokens)
                .setTokenLogprobs(logProbs)
                .setWeight(c.weight())
                .setSampling(SamplingParameters.newBuilder()
                        .setTemperature(config.generation().temperature())
                        .setTopP(config.generation().topP())
                        .setMaxNewTokens(config.generation().maxNewTokens())
                        .setSeed(seed)
                        .build())
                .setPromptTimestamp(prompt.getTimestamp())
                .setSampledTimestamp(sampledAt)
                .setAttributes(attributes)
                .build();
    }
}
