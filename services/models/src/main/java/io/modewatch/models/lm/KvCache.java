package io.modewatch.models.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of past tokens per layer ([batch, kvHeads, past, headDim], after rotary), owned by
 * a manager that outlives the per-token step managers.
 */
final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int past;

    KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    int past() {
        return past;
    }

    /** Appends this step's keys and values and returns the full ones; the old arrays are freed. */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        NDArray fullK = keys[layer] == null ? k : keys[layer].concat(k, 2);
        NDArray fullV = values[layer] == null ? v : values[layer].concat(v, 2);
        fullK.attach(manager);
        fullV.attach(manager);
        if (keys[layer] != null) {
            keys[layer].close();
            values[layer].close();
        }
        keys[layer] = fullK;
        values[layer] = fullV;
        return new NDArray[] {fullK, fullV};
    }

    /** Called once per forward call, after every layer appended: the new tokens become past. */
    void advance(int tokens) {
        past += tokens;
    }

    @Override
    public void close() {
        manager.close();
    }
}
