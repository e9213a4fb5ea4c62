package io.modewatch.launcher.audit;

import java.util.List;

/**
 * The points of one audit input file, validated.
 *
 * @param weights    {@code P_n}; all 1 when the file gives none
 * @param semantic   unit-normalised embeddings
 * @param signatures raw signatures, dense
 * @param texts      null where a line has no text
 */
record AuditPoints(List<String> ids, double[] weights, double[][] semantic, double[][] signatures, List<String> texts) {
}
