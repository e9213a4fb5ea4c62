package io.modewatch.sampler;

/** What the sampling policy made of one prompt; every value but {@link #SAMPLED} means "produce nothing". */
enum SamplingDecision {
    SAMPLED,
    /** The prompt id's hash fell outside the sampled fraction. */
    NOT_IN_FRACTION,
    /** The scope had used its budget for the prompt's minute. */
    OVER_BUDGET,
    /** The prompt's minute is older than the budget's lateness allowance, so its budget is no longer known. */
    TOO_LATE_FOR_BUDGET;

    /** The metric tag value. */
    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
