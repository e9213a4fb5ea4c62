package io.modewatch.models.lm;

import ai.djl.ndarray.NDArray;

/** Copies each layer's MLP hidden activation and residual stream of a single sequence to the heap. */
final class CaptureHooks implements ForwardHooks {

    private final float[][][] mlp;
    private final float[][][] residual;

    CaptureHooks(int layers) {
        this.mlp = new float[layers][][];
        this.residual = new float[layers][][];
    }

    @Override
    public NDArray mlpHidden(int layer, NDArray hidden, ChunkLayout chunk, StepConstants k) {
        mlp[layer] = rows(hidden);
        return hidden;
    }

    @Override
    public NDArray residual(int layer, NDArray stream, ChunkLayout chunk, StepConstants k) {
        residual[layer] = rows(stream);
        return stream;
    }

    private static float[][] rows(NDArray x) {
        int t = (int) x.getShape().get(1);
        int width = (int) x.getShape().get(2);
        float[] flat = x.toFloatArray();
        float[][] out = new float[t][width];
        for (int p = 0; p < t; p++) {
            System.arraycopy(flat, p * width, out[p], 0, width);
        }
        return out;
    }

    Activations result() {
        return new Activations(mlp, residual);
    }
}
