package io.modewatch.models.lm;

/**
 * Which token positions an attribution sums over, or a steering intervention acts on. The paper uses
 * the prefix; on the synthetic world the continuation positions separated mechanisms better
 * (DESIGN.md §4), so it is a setting.
 */
public enum SourcePositions {
    PREFIX,
    CONTINUATION,
    ALL;

    boolean includes(boolean isPrefixToken) {
        return this == ALL || (this == PREFIX) == isPrefixToken;
    }
}
