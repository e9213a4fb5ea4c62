package io.modewatch.models.lm;

/** A prompt and one of its continuations, as token ids; the unit of scoring and attribution. */
public record TeacherForcedSequence(int[] prefixIds, int[] continuationIds) {

    public TeacherForcedSequence {
        if (prefixIds.length == 0) {
            throw new IllegalArgumentException("the prefix must hold at least one token: it predicts the first continuation token");
        }
        if (continuationIds.length == 0) {
            throw new IllegalArgumentException("empty continuation: nothing to attribute");
        }
    }

    public int length() {
        return prefixIds.length + continuationIds.length;
    }

    int[] ids() {
        int[] out = new int[length()];
        System.arraycopy(prefixIds, 0, out, 0, prefixIds.length);
        System.arraycopy(continuationIds, 0, out, prefixIds.length, continuationIds.length);
        return out;
    }
}
