package io.modewatch.common.topics;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a starting service keeps trying when the broker or the registry does not answer yet.
 * Services and their dependencies restart independently (a broker roll, a registry pod moved, every
 * container of a compose file started at once); a service that gave up on the first refused
 * connection would need an outside supervisor to come back.
 */
public record StartupPatience(Duration timeout) {

    private static final Logger LOG = LoggerFactory.getLogger(StartupPatience.class);
    private static final long FIRST_PAUSE_MS = 500;
    private static final long LONGEST_PAUSE_MS = 5_000;

    /** No retry: the first failure is final. */
    public static final StartupPatience NONE = new StartupPatience(Duration.ZERO);

    /**
     * Runs {@code action} until it succeeds, fails with something other than
     * {@link DependencyUnavailableException}, or the timeout has passed (then the last failure is thrown).
     */
    public <T> T retry(String what, Supplier<T> action) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_MS;
        while (true) {
            try {
                return action.get();
            } catch (DependencyUnavailableException e) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw e;
                }
                LOG.warn("Could not {} yet ({}); trying again for up to {} s (MODEWATCH_STARTUP_TIMEOUT)", what,
                        e.getMessage(), Math.max(1, left / 1_000_000_000L));
                try {
                    Thread.sleep(Math.min(pause, left / 1_000_000L + 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
            }
        }
    }
}
