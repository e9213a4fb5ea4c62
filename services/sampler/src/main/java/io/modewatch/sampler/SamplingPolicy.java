package io.modewatch.sampler;

import java.time.Duration;

/**
 * Which prompts get continuations: a fraction chosen by prompt id, then a per-scope budget per
 * event-time minute. Both depend only on the prompt stream, never on the wall clock or on timing,
 * so a replay decides the same.
 *
 * @param fraction        share of prompt ids sampled, in [0, 1]
 * @param budgetPerMinute sampled prompts per scope per event-time minute; 0 for no budget
 * @param budgetLateness  how far behind the scope's newest minute a prompt may be and still be budgeted
 * @param budgetScopes    scopes whose budget is tracked at once
 */
public record SamplingPolicy(double fraction, int budgetPerMinute, Duration budgetLateness, int budgetScopes) {

    public SamplingPolicy {
        if (fraction < 0 || fraction > 1 || budgetPerMinute < 0 || budgetScopes < 1 || budgetLateness.isNegative()) {
            throw new IllegalArgumentException("need 0 <= fraction <= 1, budget >= 0, lateness >= 0, scopes >= 1");
        }
    }

    /**
     * A stateful decider for one sampler instance (the budget is counted per instance). Not
     * thread-safe: the loop calls its batch function from one worker thread.
     */
    Decider decider() {
        return new Decider(this);
    }

    static final class Decider {
        private final SamplingPolicy policy;
        private final ScopeMinuteBudget budget;

        private Decider(SamplingPolicy policy) {
            this.policy = policy;
            this.budget = policy.budgetPerMinute() == 0 ? null
                    : new ScopeMinuteBudget(policy.budgetPerMinute(), policy.budgetLateness().toMinutes(),
                            policy.budgetScopes());
        }

        SamplingDecision decide(String promptId, String scope, long timestampMillis) {
            if (PromptIdHash.unitInterval(promptId) >= policy.fraction()) {
                return SamplingDecision.NOT_IN_FRACTION;
            }
            return budget == null ? SamplingDecision.SAMPLED : budget.admit(scope, promptId, timestampMillis);
        }
    }
}
