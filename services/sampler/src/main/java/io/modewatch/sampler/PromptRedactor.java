package io.modewatch.sampler;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Replaces every match of the operator's patterns by {@value #MARK} in the prefix text the sampler
 * stores. Generation still sees the original prompt (the audit is of what production sees); the
 * attributor, which only has the stored text, then attributes the continuation on the redacted prefix.
 */
final class PromptRedactor {

    static final String MARK = "[REDACTED]";

    private final List<Pattern> patterns;

    PromptRedactor(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    String redact(String text) {
        String out = text;
        for (Pattern p : patterns) {
            out = p.matcher(out).replaceAll(MARK);
        }
        return out;
    }
}
