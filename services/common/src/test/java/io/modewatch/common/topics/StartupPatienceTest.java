package io.modewatch.common.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartupPatienceTest {

    @Test
    void aDependencyThatAnswersAfterAFewRefusalsIsWaitedFor() {
        AtomicInteger calls = new AtomicInteger();
        String answer = new StartupPatience(Duration.ofSeconds(10)).retry("reach it", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new DependencyUnavailableException("refused", null);
            }
            return "up";
        });
        assertThat(answer).isEqualTo("up");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aDependencyThatNeverAnswersFailsWithItsOwnMessageOnceTheTimeoutHasPassed() {
        AtomicInteger calls = new AtomicInteger();
        long started = System.nanoTime();
        assertThatThrownBy(() -> new StartupPatience(Duration.ofMillis(1_200)).retry("reach it", () -> {
            calls.incrementAndGet();
            throw new DependencyUnavailableException("no schema registry answers at x", null);
        })).isInstanceOf(DependencyUnavailableException.class).hasMessageContaining("no schema registry answers at x");
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(Duration.ofMillis(1_200).toNanos());
        assertThat(calls.get()).isBetween(2, 4);
    }

    @Test
    void aRefusalIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> new StartupPatience(Duration.ofSeconds(10)).retry("reach it", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("HTTP 409 incompatible schema");
        })).hasMessageContaining("409");
        assertThat(calls).hasValue(1);
    }
}
