package io.modewatch.models.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Adds a zero tensor that requires gradient to each layer's MLP hidden activation and keeps the
 * activation. Why a delta: {@code setRequiresGradient} on an intermediate result silently yields no
 * gradient in DJL 0.36, but the gradient w.r.t. an added zero leaf is exactly d target / d activation.
 * A fresh leaf per pass also sidesteps GradientCollector not zeroing gradients (DESIGN.md §3).
 */
final class AttributionProbe implements ForwardHooks {

    private final NDArray[] activations;
    private final NDArray[] deltas;
    private final NDArray[] contexts;
    private final NDArray[] contextDeltas;
    private final int heads;

    /** @param heads attention heads per layer to attribute as units too; 0 for MLP neurons only */
    AttributionProbe(int layers, int heads) {
        this.activations = new NDArray[layers];
        this.deltas = new NDArray[layers];
        this.contexts = new NDArray[layers];
        this.contextDeltas = new NDArray[layers];
        this.heads = heads;
    }

    @Override
    public NDArray attentionHeads(int layer, NDArray context, ChunkLayout chunk, StepConstants k) {
        if (heads == 0) {
            return context;
        }
        NDArray delta = k.zeroLeafLike(context);
        contexts[layer] = context;
        contextDeltas[layer] = delta;
        return context.add(delta);
    }

    @Override
    public NDArray mlpHidden(int layer, NDArray hidden, ChunkLayout chunk, StepConstants k) {
        NDArray delta = k.zeroLeafLike(hidden);
        activations[layer] = hidden;
        deltas[layer] = delta;
        return hidden.add(delta);
    }

    /**
     * After backward: activation x gradient summed over the masked positions, [batch, units]; MLP
     * neurons layer by layer, then (if probed) each head's output x gradient summed over its dims.
     */
    NDArray scores(NDArray sourceMask) {
        NDList parts = new NDList();
        for (int l = 0; l < activations.length; l++) {
            parts.add(activations[l].mul(deltas[l].getGradient()).mul(sourceMask).sum(new int[] {1}));
        }
        for (int l = 0; heads > 0 && l < contexts.length; l++) {
            NDArray perDim = contexts[l].mul(contextDeltas[l].getGradient()).mul(sourceMask).sum(new int[] {1});
            long b = perDim.getShape().get(0);
            parts.add(perDim.reshape(b, heads, -1).sum(new int[] {2}));
        }
        return NDArrays.concat(parts, 1);
    }
}
