package io.modewatch.sampler;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the sampler decided and produced. Kept as plain counters and bound to the service's registry
 * once it exists (the registry is created by the loop service, after the batch function).
 */
final class SamplerCounts {

    private final Map<SamplingDecision, AtomicLong> decisions = new EnumMap<>(SamplingDecision.class);
    private final AtomicLong continuations = new AtomicLong();
    private final AtomicLong emptyContinuations = new AtomicLong();

    SamplerCounts() {
        for (SamplingDecision d : SamplingDecision.values()) {
            decisions.put(d, new AtomicLong());
        }
    }

    void decided(SamplingDecision decision) {
        decisions.get(decision).incrementAndGet();
    }

    void produced(int count) {
        continuations.addAndGet(count);
    }

    void droppedEmpty() {
        emptyContinuations.incrementAndGet();
    }

    long decisions(SamplingDecision decision) {
        return decisions.get(decision).get();
    }

    long emptyContinuations() {
        return emptyContinuations.get();
    }

    void bindTo(MeterRegistry registry) {
        for (Map.Entry<SamplingDecision, AtomicLong> e : decisions.entrySet()) {
            FunctionCounter.builder("modewatch.sampler.prompts", e.getValue(), AtomicLong::doubleValue)
                    .tag("service", SamplerConfig.SERVICE).tag("decision", e.getKey().tag())
                    .description("Prompts by sampling decision; only 'sampled' ones get continuations")
                    .register(registry);
        }
        FunctionCounter.builder("modewatch.sampler.continuations", continuations, AtomicLong::doubleValue)
                .tag("service", SamplerConfig.SERVICE).description("Continuations produced").register(registry);
        FunctionCounter.builder("modewatch.sampler.continuations.empty", emptyContinuations, AtomicLong::doubleValue)
                .tag("service", SamplerConfig.SERVICE)
                .description("Sampled continuations dropped because they hold no token (the paper drops empty texts)")
                .register(registry);
    }
}
