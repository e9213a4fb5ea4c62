package io.modewatch.common.streams;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store layer that lets a processor keep its state decoded in memory and write it to
 * the store once per commit instead of once per event. Streams flushes every store's cache when it
 * commits a task, before it sends the changelog and commits the transaction (exactly-once); this
 * layer runs the processor's {@link #beforeCommit} callback first, so whatever the callback writes
 * is part of that commit. What a processor writes between commits is as safe as before: an aborted
 * transaction discards it together with the processor's memory.
 *
 * <p>Give every store the callback writes to this layer and the same callback: whichever of them
 * Streams flushes first writes all of them, before any is flushed. The callback must be idempotent
 * (write only what changed since it last ran).
 *
 * <p>Streams' own layers (metering, cache, changelog) sit below this one, so metrics, interactive
 * queries and restoration behave as for any key-value store.
 */
public final class WriteBehindStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V> implements KeyValueStore<K, V> {

    private Runnable beforeCommit = () -> { };

    private WriteBehindStore(KeyValueStore<K, V> inner) {
        super(inner);
    }

    /** The builder's stores, each with this layer on top. */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> builder(StoreBuilder<KeyValueStore<K, V>> inner) {
        return new Builder<>(inner);
    }

    /**
     * The write-behind layer of a store as {@code ProcessorContext#getStateStore} returns it (Streams
     * decorates the store it registered).
     *
     * @throws IllegalStateException when the store was not built by {@link #builder}
     */
    @SuppressWarnings("unchecked")
    public static <K, V> WriteBehindStore<K, V> of(StateStore store) {
        StateStore layer = store;
        while (true) {
            if (layer instanceof WriteBehindStore<?, ?> found) {
                return (WriteBehindStore<K, V>) found;
            }
            if (!(layer instanceof WrappedStateStore<?, ?, ?> wrapped)) {
                throw new IllegalStateException("store " + store.name() + " was not built with WriteBehindStore.builder");
            }
            layer = wrapped.wrapped();
        }
    }

    /** Runs {@code callback} each time the store is about to be flushed for a commit (replacing an earlier one). */
    public void beforeCommit(Runnable callback) {
        this.beforeCommit = callback;
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
        super.flushCache();
    }

    @Override
    public void close() {
        beforeCommit = () -> { };
        super.close();
    }

    @Override
    public void put(K key, V value) {
        wrapped().put(key, value);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        return wrapped().putIfAbsent(key, value);
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        wrapped().putAll(entries);
    }

    @Override
    public V delete(K key) {
        return wrapped().delete(key);
    }

    @Override
    public V get(K key) {
        return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    @Override
    public ReadOnlyKeyValueStore<K, V> readOnly(IsolationLevel isolationLevel) {
        return wrapped().readOnly(isolationLevel);
    }

    private record Builder<K, V>(StoreBuilder<KeyValueStore<K, V>> inner) implements StoreBuilder<KeyValueStore<K, V>> {

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
            inner.withCachingEnabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
            inner.withCachingDisabled();
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<K, V> build() {
            return new WriteBehindStore<>(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
