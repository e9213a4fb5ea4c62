package io.modewatch.common.topics;

/**
 * The broker or the schema registry did not answer (not reachable, timed out, or answered that it
 * is not ready): worth trying again, unlike a refusal.
 */
public final class DependencyUnavailableException extends IllegalStateException {

    public DependencyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
