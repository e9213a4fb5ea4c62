package io.modewatch.models.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Scalar tensors that live in the step's manager until the step closes.
 *
 * <p>Why: DJL's {@code mul/div/add(Number)} overloads create a temporary tensor that Java may free
 * while autograd still needs it; after a garbage collection between forward and backward the
 * gradient is silently wrong or NaN (DESIGN.md §3). Everything that is back-propagated uses these.
 */
final class StepConstants {

    private final NDManager manager;
    private final Map<Float, NDArray> scalars = new HashMap<>();

    StepConstants(NDManager manager) {
        this.manager = manager;
    }

    NDArray of(float value) {
        return scalars.computeIfAbsent(value, v -> manager.create(v));
    }

    /**
     * A zero tensor shaped like {@code x} that requires gradient: added to an intermediate result, its
     * gradient is d target / d x (DJL gives none for {@code setRequiresGradient} on intermediates).
     */
    NDArray zeroLeafLike(NDArray x) {
        NDArray leaf = manager.zeros(x.getShape());
        leaf.setRequiresGradient(true);
        return leaf;
    }

    NDManager manager() {
        return manager;
    }
}
