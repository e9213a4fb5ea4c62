package io.modewatch.models.lm;

import java.util.List;

/**
 * Sampling settings. Defaults follow the paper's sampler (METHOD-NOTES §2): T=1, top-p 0.9, 20 new
 * tokens, stop at a sentence terminator (excluded from the text).
 *
 * @param temperature 0 means greedy
 * @param seed the sampler's seed; row r of a batch draws from a stream derived from (seed, r)
 * @param kvCache reuse keys and values of past tokens (off only to measure what the cache buys)
 */
public record GenerationSettings(float temperature, float topP, int maxNewTokens, List<String> stopStrings, long seed,
        boolean kvCache) {

    public GenerationSettings {
        stopStrings = List.copyOf(stopStrings);
        if (temperature < 0 || topP <= 0 || topP > 1 || maxNewTokens < 1) {
            throw new IllegalArgumentException("need temperature >= 0, 0 < topP <= 1, maxNewTokens >= 1");
        }
    }

    public static GenerationSettings paperDefaults(long seed) {
        return new GenerationSettings(1f, 0.9f, 20, List.of(".", "?", "!"), seed, true);
    }

    public GenerationSettings withSeed(long s) {
        return new GenerationSettings(temperature, topP, maxNewTokens, stopStrings, s, kvCache);
    }

    public GenerationSettings withKvCache(boolean cache) {
        return new GenerationSettings(temperature, topP, maxNewTokens, stopStrings, seed, cache);
    }

    public GenerationSettings withTemperature(float t) {
        return new GenerationSettings(t, topP, maxNewTokens, stopStrings, seed, kvCache);
    }

    public GenerationSettings withTopP(float p) {
        return new GenerationSettings(temperature, p, maxNewTokens, stopStrings, seed, kvCache);
    }

    public GenerationSettings withMaxNewTokens(int n) {
        return new GenerationSettings(temperature, topP, n, stopStrings, seed, kvCache);
    }

    public GenerationSettings withStopStrings(List<String> stops) {
        return new GenerationSettings(temperature, topP, maxNewTokens, stops, seed, kvCache);
    }
}
