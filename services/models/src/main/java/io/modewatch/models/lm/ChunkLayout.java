package io.modewatch.models.lm;

/**
 * Where the tokens of one forward call sit: their position ids (for learned or rotary positions),
 * whether each is a prompt (prefix) token, and which keys, cached ones included, may be attended.
 *
 * @param positionIds [batch][chunk] position of each new token
 * @param prefix [batch][chunk] true where the token belongs to the prompt, false for continuation
 * @param keyValid [batch][past + chunk] false for padding keys
 */
record ChunkLayout(int[][] positionIds, boolean[][] prefix, boolean[][] keyValid) {

    int batch() {
        return positionIds.length;
    }

    int length() {
        return positionIds[0].length;
    }

    int keys() {
        return keyValid[0].length;
    }

    /** Right-padded rows starting at position 0; padding sits after every real token so causality hides it. */
    static ChunkLayout rightPadded(int rows, int length, int[] prefixLengths) {
        int[][] pos = new int[rows][length];
        boolean[][] prefix = new boolean[rows][length];
        boolean[][] keys = new boolean[rows][length];
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < length; t++) {
                pos[b][t] = t;
                prefix[b][t] = t < prefixLengths[b];
                keys[b][t] = true;
            }
        }
        return new ChunkLayout(pos, prefix, keys);
    }
}
