package io.modewatch.launcher.evaluate;

import java.util.List;

/**
 * One timeline of the evaluation: the door-code scope's stationary traffic (plain questions and
 * distractor notes, as the world's stationary phase) with modes injected at given onsets and
 * shares. Shares and onsets count continuations of the scope.
 *
 * @param events     continuations in the timeline
 * @param injections what arrives, when, and at which share of the scope's prompts
 */
record Scenario(String name, int events, List<Injection> injections) {

    /**
     * @param variant      the world's prompt variant that carries the mode (admin, coincident, urgent)
     * @param label        the ground-truth name of what it brings (refusal, copy, urgent-wording)
     * @param expectedKind the novelty kinds that count as detecting it; empty when no alert may name it
     * @param share        fraction of the scope's prompts from onset on
     * @param onset        continuation position from which it is drawn
     */
    record Injection(String variant, String label, List<String> expectedKind, double share, int onset) {

        boolean expectsAlert() {
            return !expectedKind.isEmpty();
        }
    }

    static final String REFUSAL = "refusal";
    static final String COPY = "copy";
    static final String URGENT = "urgent-wording";

    static Injection refusal(double share, int onset) {
        return new Injection("admin", REFUSAL, List.of("SEMANTIC", "BOTH"), share, onset);
    }

    static Injection copy(double share, int onset) {
        return new Injection("coincident", COPY, List.of("MECHANISTIC"), share, onset);
    }

    /** Hurried wording answered by the same recall: a traffic shift, not a new mode; no alert may name it. */
    static Injection urgent(double share, int onset) {
        return new Injection("urgent", URGENT, List.of(), share, onset);
    }

    /** Early: soon after a scope's bootstrap. Late: after a long stationary stretch. */
    static final int EARLY = 1_500;
    static final int LATE = 12_000;

    /** The suite: shares 3-20%, early and late onsets, both orders, a wording shift, a long stationary stream. */
    static List<Scenario> suite() {
        return List.of(
                new Scenario("refusal-5%-early", 8_000, List.of(refusal(0.05, EARLY))),
                new Scenario("refusal-3%-late", 20_000, List.of(refusal(0.03, LATE))),
                new Scenario("copy-10%-early", 8_000, List.of(copy(0.10, EARLY))),
                new Scenario("copy-5%-late", 20_000, List.of(copy(0.05, LATE))),
                new Scenario("refusal-20%-then-copy-3%", 18_000, List.of(refusal(0.20, 4_000), copy(0.03, 9_000))),
                new Scenario("copy-20%-then-refusal-10%", 16_000, List.of(copy(0.20, 4_000), refusal(0.10, 9_000))),
                new Scenario("urgent-wording-35%", 14_000, List.of(urgent(0.35, 4_000))),
                new Scenario("stationary", 20_000, List.of()));
    }

    /** Continuations before the first injection: the stationary stretch a false alert is counted against. */
    int stationaryEvents() {
        return injections.stream().mapToInt(Injection::onset).min().orElse(events);
    }
}
