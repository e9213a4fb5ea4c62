package io.modewatch.models.lm;

import io.modewatch.models.checkpoint.CheckpointException;
import io.modewatch.models.checkpoint.HostTensor;
import java.util.Arrays;
import java.util.Map;

/** The tensors of a Hugging Face checkpoint, looked up with the shape the config says they must have. */
final class CheckpointTensors {

    private final Map<String, HostTensor> tensors;
    private final String prefix;

    CheckpointTensors(Map<String, HostTensor> tensors, String prefix) {
        this.tensors = tensors;
        this.prefix = prefix;
    }

    boolean has(String name) {
        return tensors.containsKey(prefix + name);
    }

    HostTensor require(String name, long... expectedShape) {
        HostTensor t = tensors.get(prefix + name);
        if (t == null) {
            throw new CheckpointException("checkpoint is missing tensor '" + prefix + name + "' (expected shape "
                    + Arrays.toString(expectedShape) + ")");
        }
        if (!t.hasShape(expectedShape)) {
            throw new CheckpointException("tensor '" + prefix + name + "': expected shape " + Arrays.toString(expectedShape)
                    + " but the checkpoint has " + Arrays.toString(t.shape()));
        }
        return t;
    }
}
