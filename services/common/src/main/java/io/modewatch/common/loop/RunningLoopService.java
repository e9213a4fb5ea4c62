package io.modewatch.common.loop;

/**
 * A loop service started together with a model it loaded itself: closing stops the loop first,
 * then frees the model, so no batch is left running on a closed model.
 *
 * @param release frees the model (its {@code close})
 */
public record RunningLoopService<I, K, O>(LoopService<I, K, O> loop, Runnable release) implements AutoCloseable {

    public boolean ready() {
        return loop.ready();
    }

    @Override
    public void close() {
        try {
            loop.close();
        } finally {
            release.run();
        }
    }
}
