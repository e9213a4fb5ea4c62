package io.modewatch.clusterer;

import io.modewatch.common.redaction.TextRedactor;

/**
 * What becomes of a continuation's text where the clusterer takes it in: it is kept as an exemplar
 * in the scope's state and shown in alerts and queries, so it is redacted (for texts from an
 * embedder that did not redact) and cut to a bounded length (so one huge continuation cannot make an
 * alert larger than the broker accepts).
 */
record ExemplarText(TextRedactor redactor, int maxChars) {

    static final String CUT_MARK = "\u2026";

    String apply(String text) {
        String redacted = redactor.redact(text);
        if (redacted == null || redacted.length() <= maxChars) {
            return redacted;
        }
        int end = Character.isHighSurrogate(redacted.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return redacted.substring(0, end) + CUT_MARK;
    }
}
