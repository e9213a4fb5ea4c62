package io.modewatch.launcher.audit;

/** Bad audit input; the message names the line and the reason, and the CLI prints only the message. */
final class AuditInputException extends IllegalArgumentException {

    AuditInputException(String message) {
        super(message);
    }
}
