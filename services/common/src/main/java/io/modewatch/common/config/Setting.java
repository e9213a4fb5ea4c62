package io.modewatch.common.config;

/**
 * One documented application setting, read from the environment variable {@code name}.
 *
 * @param name         the environment variable, always starting with {@code MODEWATCH_}
 * @param defaultValue the value used when the variable is absent; {@code null} means required
 * @param expectedForm how a valid value looks, quoted in error messages (e.g. "an integer 1..65535")
 * @param description  what the setting controls, for the configuration reference
 */
public record Setting(String name, String defaultValue, String expectedForm, String description) {

    public static final String PREFIX = "MODEWATCH_";

    public Setting {
        if (!name.startsWith(PREFIX)) {
            throw new IllegalArgumentException("setting names start with " + PREFIX + ": " + name);
        }
    }

    public static Setting required(String name, String expectedForm, String description) {
        return new Setting(name, null, expectedForm, description);
    }

    public static Setting optional(String name, String defaultValue, String expectedForm, String description) {
        return new Setting(name, defaultValue, expectedForm, description);
    }

    public boolean isRequired() {
        return defaultValue == null;
    }
}
