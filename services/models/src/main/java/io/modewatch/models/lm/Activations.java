package io.modewatch.models.lm;

/**
 * Captured activations of one sequence.
 *
 * @param mlpHidden [layer][position][unit] MLP hidden activation (what neuron signatures attribute)
 * @param residual [layer][position][hidden] residual stream after each layer
 */
public record Activations(float[][][] mlpHidden, float[][][] residual) {}
