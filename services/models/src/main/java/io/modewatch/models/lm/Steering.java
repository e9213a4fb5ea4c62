package io.modewatch.models.lm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * An intervention applied during teacher-forced scoring or generation: rescale chosen MLP units'
 * live activations, and/or add a vector at a layer, at the chosen positions.
 *
 * @param rescales units whose activation is multiplied by a factor
 * @param shifts vectors added to a layer's MLP hidden activation or residual stream
 * @param positions where the intervention acts (prefix tokens, continuation tokens or all)
 */
public record Steering(List<UnitRescale> rescales, List<HeadRescale> headRescales, List<FeatureRescale> featureRescales,
        List<LayerShift> shifts, SourcePositions positions) {

    public Steering {
        rescales = List.copyOf(rescales);
        headRescales = List.copyOf(headRescales);
        featureRescales = List.copyOf(featureRescales);
        shifts = List.copyOf(shifts);
    }

    /** Neurons, heads and shifts; no transcoder features. */
    public Steering(List<UnitRescale> rescales, List<HeadRescale> headRescales, List<LayerShift> shifts,
            SourcePositions positions) {
        this(rescales, headRescales, List.of(), shifts, positions);
    }

    /** MLP units and shifts only; the common case. */
    public Steering(List<UnitRescale> rescales, List<LayerShift> shifts, SourcePositions positions) {
        this(rescales, List.of(), List.of(), shifts, positions);
    }

    public record UnitRescale(int layer, int neuron, float factor) {}

    /** Rescales one attention head's output (its slice of the context before the output projection). */
    public record HeadRescale(int layer, int head, float factor) {}

    /**
     * Rescales a transcoder feature's live contribution: adds {@code (factor - 1) * f * W_dec[feature]}
     * to the layer's MLP output, the paper's intervention (METHOD-NOTES §7.3). Needs the transcoders
     * the Attributor or Generator was built with.
     */
    public record FeatureRescale(int layer, int feature, float factor) {}

    public enum Site { MLP_HIDDEN, RESIDUAL }

    public record LayerShift(int layer, Site site, float[] vector) {}

    public static Steering none() {
        return new Steering(List.of(), List.of(), SourcePositions.ALL);
    }

    public boolean isNone() {
        return rescales.isEmpty() && headRescales.isEmpty() && featureRescales.isEmpty() && shifts.isEmpty();
    }

    /**
     * The paper's "sign" intervention (DESIGN.md §1): the top-B units of a signature by |attribution|,
     * each rescaled by {@code 1 + eps * sign(attribution)}.
     */
    public static Steering fromSignature(Signature signature, int topB, float eps, SourcePositions positions) {
        List<UnitRescale> rescales = new ArrayList<>();
        List<HeadRescale> heads = new ArrayList<>();
        for (int i : topByMagnitude(signature, topB)) {
            int unit = signature.units()[i];
            float factor = 1f + eps * Math.signum(signature.values()[i]);
            if (signature.isHead(unit)) {
                heads.add(new HeadRescale(signature.layerOf(unit), signature.indexInLayer(unit), factor));
            } else {
                rescales.add(new UnitRescale(signature.layerOf(unit), signature.indexInLayer(unit), factor));
            }
        }
        return new Steering(rescales, heads, List.of(), positions);
    }

    /** The same intervention on a feature signature from {@link Attributor#attributeFeatures}. */
    public static Steering fromFeatureSignature(Signature signature, int topB, float eps, SourcePositions positions) {
        List<FeatureRescale> features = new ArrayList<>();
        for (int i : topByMagnitude(signature, topB)) {
            int unit = signature.units()[i];
            features.add(new FeatureRescale(signature.layerOf(unit), signature.indexInLayer(unit),
                    1f + eps * Math.signum(signature.values()[i])));
        }
        return new Steering(List.of(), List.of(), features, List.of(), positions);
    }

    /** Positions in the signature's arrays of its top-B non-zero entries by |attribution|. */
    private static List<Integer> topByMagnitude(Signature signature, int topB) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < signature.units().length; i++) {
            if (signature.values()[i] != 0f) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingDouble(i -> -Math.abs(signature.values()[i])));
        return order.subList(0, Math.min(topB, order.size()));
    }

    /** Zeroes the given units: the ablation used to check that attributions point at causes. */
    public static Steering ablate(int[] units, int unitsPerLayer, SourcePositions positions) {
        List<UnitRescale> rescales = new ArrayList<>();
        for (int unit : units) {
            rescales.add(new UnitRescale(unit / unitsPerLayer, unit % unitsPerLayer, 0f));
        }
        return new Steering(rescales, List.of(), positions);
    }
}
