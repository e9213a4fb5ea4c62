package io.modewatch.common.loop;

import java.util.List;

/**
 * What a batch function made of one input record: the records to produce, or the reason it could
 * not process the input (which then goes to the dead-letter topic).
 */
public sealed interface Outcome<K, V> {

    /** An output record: topic, key and value. */
    record Output<K, V>(String topic, K key, V value) {
    }

    record Produced<K, V>(List<Output<K, V>> outputs) implements Outcome<K, V> {
        public Produced {
            outputs = List.copyOf(outputs);
        }
    }

    record Failed<K, V>(Exception reason) implements Outcome<K, V> {
    }

    static <K, V> Outcome<K, V> produced(List<Output<K, V>> outputs) {
        return new Produced<>(outputs);
    }

    static <K, V> Outcome<K, V> failed(Exception reason) {
        return new Failed<>(reason);
    }
}
