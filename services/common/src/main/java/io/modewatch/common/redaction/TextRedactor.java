package io.modewatch.common.redaction;

import io.modewatch.common.config.ConfigException;
import io.modewatch.common.config.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Replaces every match of the operator's patterns by {@value #MARK} wherever modewatch stores or
 * shows text for people: the sampler's stored prefix, the embedder's forwarded text (the
 * clusterer's exemplars), and the clusterer's exemplars again for texts from an embedder that did
 * not redact. Models always see the original: generation, embedding and teacher forcing must
 * measure what production sees. One setting, read by every service that stores or shows text.
 */
public final class TextRedactor {

    public static final String MARK = "[REDACTED]";
    /** Set to "true" on a record whose stored text was changed by redaction. */
    public static final String ATTRIBUTE = "modewatch.redacted";

    public static final Setting PATTERNS = Setting.optional("MODEWATCH_REDACT_PATTERNS", "",
            "Java regular expressions, one per line (empty = no redaction)",
            "Every match is replaced by [REDACTED] in the text modewatch stores or shows: the sampler's stored"
                    + " prefix, the embedder's forwarded text, the clusterer's exemplars in state, alerts and queries.");

    public static final TextRedactor NONE = new TextRedactor(List.of());

    private final List<Pattern> patterns;

    public TextRedactor(List<Pattern> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The redactor {@link #PATTERNS} describes in this environment; a malformed expression is a configuration error. */
    public static TextRedactor from(Map<String, String> environment) {
        String raw = environment.getOrDefault(PATTERNS.name(), "");
        List<Pattern> out = new ArrayList<>();
        for (String line : raw.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(Pattern.compile(line.strip()));
            } catch (PatternSyntaxException e) {
                throw new ConfigException("Malformed setting " + PATTERNS.name() + ": \"" + line.strip()
                        + "\" is not a Java regular expression (" + e.getDescription() + ").");
            }
        }
        return new TextRedactor(out);
    }

    public List<Pattern> patterns() {
        return patterns;
    }

    /** Null stays null. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Pattern p : patterns) {
            out = p.matcher(out).replaceAll(MARK);
        }
        return out;
    }
}
