package io.modewatch.models.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Adds a zero leaf to each layer's MLP output and keeps the MLP input, so that after backward the
 * feature attribution {@code f * (W_dec . dT/d out)} needs no change to the forward values: the
 * features themselves are computed from the kept input, outside the graph.
 */
final class FeatureProbe implements ForwardHooks {

    private final Transcoders transcoders;
    private final NDArray[] inputs;
    private final NDArray[] deltas;

    FeatureProbe(Transcoders transcoders, int layers) {
        this.transcoders = transcoders;
        this.inputs = new NDArray[layers];
        this.deltas = new NDArray[layers];
    }

    @Override
    public NDArray mlpOutput(int layer, NDArray mlpInput, NDArray output, ChunkLayout chunk, StepConstants k) {
        if (!transcoders.covers(layer)) {
            return output;
        }
        NDArray delta = k.zeroLeafLike(output);
        inputs[layer] = mlpInput;
        deltas[layer] = delta;
        return output.add(delta);
    }

    /** After backward: [batch, layers * F]; layers without a transcoder are zero. */
    NDArray scores(NDArray sourceMask, long batch) {
        NDList parts = new NDList();
        for (int l = 0; l < inputs.length; l++) {
            if (inputs[l] == null) {
                parts.add(sourceMask.getManager().zeros(new ai.djl.ndarray.types.Shape(batch, transcoders.features())));
                continue;
            }
            NDArray f = transcoders.activations(l, inputs[l]);
            NDArray projected = transcoders.decoderProjection(l, deltas[l].getGradient());
            parts.add(f.mul(projected).mul(sourceMask).sum(new int[] {1}));
        }
        return NDArrays.concat(parts, 1);
    }
}
