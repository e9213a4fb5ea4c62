package io.modewatch.clustering.online;

/** How a component came to exist. */
public enum Origin {
    /** Found by the batch algorithm on the scope's first events. */
    BOOTSTRAP,
    /** One of two children of an accepted split. */
    SPLIT,
    /** Opened from a coherent subset of poorly explained points. */
    BIRTH
}
