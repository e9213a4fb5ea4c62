package io.modewatch.sampler;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * At most {@code perMinute} sampled prompts per scope per event-time minute.
 *
 * <p>The budget remembers which prompt ids it admitted rather than counting them: when the loop
 * discards a batch (a rebalance, an aborted transaction) and reads it again, the same prompts are
 * admitted again instead of being charged twice, so a re-read decides exactly as the first read.
 * Minutes are event-time minutes of the prompt timestamp, so replaying a topic with fresh state
 * gives the same decisions whatever the processing speed.
 *
 * <p>State is bounded: per scope only the minutes within {@code latenessMinutes} of the newest one
 * seen (each holding at most {@code perMinute} ids), and at most {@code maxScopes} scopes, least
 * recently seen evicted first (an evicted scope starts a fresh budget).
 */
final class ScopeMinuteBudget {

    private final int perMinute;
    private final long latenessMinutes;
    private final Map<String, TreeMap<Long, Set<String>>> scopes;

    ScopeMinuteBudget(int perMinute, long latenessMinutes, int maxScopes) {
        this.perMinute = perMinute;
        this.latenessMinutes = latenessMinutes;
        this.scopes = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TreeMap<Long, Set<String>>> eldest) {
                return size() > maxScopes;
            }
        };
    }

    SamplingDecision admit(String scope, String promptId, long timestampMillis) {
        long minute = Math.floorDiv(timestampMillis, 60_000L);
        TreeMap<Long, Set<String>> minutes = scopes.computeIfAbsent(scope, s -> new TreeMap<>());
        long newest = minutes.isEmpty() ? minute : Math.max(minute, minutes.lastKey());
        minutes.headMap(newest - latenessMinutes).clear();
        if (minute < newest - latenessMinutes) {
            return SamplingDecision.TOO_LATE_FOR_BUDGET;
        }
        Set<String> admitted = minutes.computeIfAbsent(minute, m -> new HashSet<>());
        if (admitted.contains(promptId)) {
            return SamplingDecision.SAMPLED;
        }
        if (admitted.size() >= perMinute) {
            return SamplingDecision.OVER_BUDGET;
        }
        admitted.add(promptId);
        return SamplingDecision.SAMPLED;
    }
}
