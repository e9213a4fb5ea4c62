package io.modewatch.clustering.detect;

/**
 * New components that are new in the same way: one kind, and offsets from their nearest known mode
 * that point the same way (a copy mechanism spread over many doors is one mode, not one per door).
 * The family is what alerts; its count is every continuation assigned to any member.
 * Mutable plain data, encoded by {@link DetectorStateCodec}.
 */
final class ModeFamily {
    final int id;
    final NoveltyKind kind;
    /** Offset of the first member from its nearest known mode, in the view that is new, unit length. */
    final float[] offset;
    /** Event of the earliest continuation of the first member: the sequential test counts from here. */
    final long firstEvent;
    long count;
    boolean alerted;

    ModeFamily(int id, NoveltyKind kind, float[] offset, long firstEvent) {
        this.id = id;
        this.kind = kind;
        this.offset = offset;
        this.firstEvent = firstEvent;
    }
}
