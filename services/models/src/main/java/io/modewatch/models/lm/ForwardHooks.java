package io.modewatch.models.lm;

import ai.djl.ndarray.NDArray;

/**
 * Intervention points inside the forward pass. Each hook returns the tensor that continues the
 * pass, so capturing, attribution probes and steering compose by chaining.
 */
interface ForwardHooks {

    ForwardHooks NONE = new ForwardHooks() {};

    /** The MLP hidden activation of a layer, [batch, chunk, intermediate], before the down projection. */
    default NDArray mlpHidden(int layer, NDArray hidden, ChunkLayout chunk, StepConstants constants) {
        return hidden;
    }

    /** The MLP output of a layer, [batch, chunk, hidden], with the MLP input it was computed from. */
    default NDArray mlpOutput(int layer, NDArray mlpInput, NDArray output, ChunkLayout chunk, StepConstants constants) {
        return output;
    }

    /** The attention context of a layer, [batch, chunk, heads * headDim], before the output projection. */
    default NDArray attentionHeads(int layer, NDArray context, ChunkLayout chunk, StepConstants constants) {
        return context;
    }

    /** The residual stream after a layer, [batch, chunk, hidden]. */
    default NDArray residual(int layer, NDArray stream, ChunkLayout chunk, StepConstants constants) {
        return stream;
    }

    default ForwardHooks then(ForwardHooks next) {
        ForwardHooks first = this;
        return new ForwardHooks() {
            @Override
            public NDArray mlpHidden(int layer, NDArray hidden, ChunkLayout chunk, StepConstants constants) {
                return next.mlpHidden(layer, first.mlpHidden(layer, hidden, chunk, constants), chunk, constants);
            }

            @Override
            public NDArray mlpOutput(int layer, NDArray mlpInput, NDArray output, ChunkLayout chunk, StepConstants constants) {
                return next.mlpOutput(layer, mlpInput, first.mlpOutput(layer, mlpInput, output, chunk, constants), chunk, constants);
            }

            @Override
            public NDArray attentionHeads(int layer, NDArray context, ChunkLayout chunk, StepConstants constants) {
                return next.attentionHeads(layer, first.attentionHeads(layer, context, chunk, constants), chunk, constants);
            }

            @Override
            public NDArray residual(int layer, NDArray stream, ChunkLayout chunk, StepConstants constants) {
                return next.residual(layer, first.residual(layer, stream, chunk, constants), chunk, constants);
            }
        };
    }
}
