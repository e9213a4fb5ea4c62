package io.modewatch.clustering.detect;

/** Which view makes a new mode new. */
public enum NoveltyKind {
    /** A new meaning, produced by a known mechanism. */
    SEMANTIC,
    /** A known meaning produced by a new mechanism: the case a semantic-only monitor cannot see. */
    MECHANISTIC,
    /** New in both views. */
    BOTH
}
