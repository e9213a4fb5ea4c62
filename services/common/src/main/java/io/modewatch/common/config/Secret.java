package io.modewatch.common.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential taken from the environment. Its {@code toString} never shows the value, so a
 * configuration record that holds one can be logged or printed in an error without leaking it.
 */
public record Secret(String value) {

    public Secret {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
    }

    /** Compares in time independent of where the inputs differ, so a caller cannot guess it byte by byte. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
