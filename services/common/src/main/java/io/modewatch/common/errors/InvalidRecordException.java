package io.modewatch.common.errors;

/**
 * A record decoded but broke a rule of its topic (a JSON prompt without {@code prompt_id}, say).
 * Its message is the reason recorded in the dead-letter topic, so it says what is wrong and where.
 */
public final class InvalidRecordException extends RuntimeException {
    public InvalidRecordException(String reason) {
        super(reason);
    }
}
