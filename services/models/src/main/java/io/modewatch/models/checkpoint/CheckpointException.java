package io.modewatch.models.checkpoint;

/** A checkpoint directory that cannot be loaded or written: the message names the file or tensor at fault. */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
