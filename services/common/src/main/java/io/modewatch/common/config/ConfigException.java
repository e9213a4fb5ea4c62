package io.modewatch.common.config;

/** A setting is missing, unknown or malformed. The message is meant for the operator, as is. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
