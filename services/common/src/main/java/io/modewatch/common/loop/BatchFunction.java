package io.modewatch.common.loop;

import java.util.List;

/**
 * The work of a model-driven service on one batch of decoded inputs, one {@link Outcome} per input
 * in the same order. Batching is where model throughput comes from (one forward pass for many
 * continuations), so the function sees the whole batch.
 */
@FunctionalInterface
public interface BatchFunction<I, K, V> {
    List<Outcome<K, V>> apply(List<I> inputs) throws Exception;
}
