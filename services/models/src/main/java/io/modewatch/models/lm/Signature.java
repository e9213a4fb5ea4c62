package io.modewatch.models.lm;

/**
 * A sparse attribution signature. Units are MLP neurons {@code layer * unitsPerLayer + neuron}
 * followed, when attention heads are attributed too, by heads
 * {@code layers * unitsPerLayer + layer * headsPerLayer + head}.
 *
 * @param layers number of layers of the model
 * @param unitsPerLayer MLP intermediate size
 * @param headsPerLayer attention heads per layer in the signature; 0 when heads are not attributed
 * @param units unit indices in ascending order (all units when top-k is off)
 * @param values attribution of each listed unit, after the optional L2 normalisation
 * @param target the summed demeaned logit of the continuation (the attributed quantity)
 * @param norm the L2 norm of the full signature before normalisation and truncation
 */
public record Signature(int layers, int unitsPerLayer, int headsPerLayer, int[] units, float[] values, double target,
        double norm) {

    public int dimension() {
        return layers * (unitsPerLayer + headsPerLayer);
    }

    public int mlpUnits() {
        return layers * unitsPerLayer;
    }

    public boolean isHead(int unit) {
        return unit >= mlpUnits();
    }

    public int layerOf(int unit) {
        return isHead(unit) ? (unit - mlpUnits()) / headsPerLayer : unit / unitsPerLayer;
    }

    /** The neuron of an MLP unit, or the head of an attention-head unit. */
    public int indexInLayer(int unit) {
        return isHead(unit) ? (unit - mlpUnits()) % headsPerLayer : unit % unitsPerLayer;
    }

    public float[] dense() {
        float[] out = new float[dimension()];
        for (int i = 0; i < units.length; i++) {
            out[units[i]] = values[i];
        }
        return out;
    }
}
