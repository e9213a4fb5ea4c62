package io.modewatch.common.signature;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unit space of an attribution signature, as its {@code signature_space_id} names it, so that
 * every consumer can name a unit the way a person reads it. The attributor lays units out as MLP
 * neurons {@code layer * neuronsPerLayer + neuron}, followed, when heads are attributed, by
 * attention heads {@code layers * neuronsPerLayer + layer * headsPerLayer + head}; the id carries
 * the three sizes: {@code mlp-neurons:L3xN256} or {@code mlp-neurons+heads:L3xN256xH4}.
 *
 * <p>Ids without the sizes (older attributors write a bare {@code mlp-neurons}) and ids of other
 * spaces (a transcoder's or an SAE's features) do not parse; their units keep their index only.
 */
public record UnitSpace(int layers, int neuronsPerLayer, int headsPerLayer) {

    private static final Pattern ID = Pattern.compile("mlp-neurons(\\+heads)?:L(\\d+)xN(\\d+)(?:xH(\\d+))?");

    public UnitSpace {
        if (layers < 1 || neuronsPerLayer < 1 || headsPerLayer < 0) {
            throw new IllegalArgumentException("a unit space needs layers >= 1, neurons >= 1 and heads >= 0, was "
                    + layers + ", " + neuronsPerLayer + ", " + headsPerLayer);
        }
    }

    /** The space a {@code signature_space_id} describes, when it describes one of this layout. */
    public static Optional<UnitSpace> parse(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Matcher m = ID.matcher(id);
        if (!m.matches() || (m.group(1) != null) != (m.group(4) != null)) {
            return Optional.empty();
        }
        try {
            int heads = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
            if (m.group(1) != null && heads < 1) {
                return Optional.empty();
            }
            return Optional.of(new UnitSpace(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), heads));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String id() {
        return headsPerLayer == 0 ? "mlp-neurons:L" + layers + "xN" + neuronsPerLayer
                : "mlp-neurons+heads:L" + layers + "xN" + neuronsPerLayer + "xH" + headsPerLayer;
    }

    public int dimension() {
        return layers * (neuronsPerLayer + headsPerLayer);
    }

    /** {@code L2.mlp.n17} for an MLP neuron, {@code L1.head3} for an attention head (layers and units from 0). */
    public String label(int unit) {
        if (unit < 0 || unit >= dimension()) {
            throw new IllegalArgumentException("unit " + unit + " is outside the space " + id() + " (dimension "
                    + dimension() + ")");
        }
        int neurons = layers * neuronsPerLayer;
        if (unit < neurons) {
            return "L" + unit / neuronsPerLayer + ".mlp.n" + unit % neuronsPerLayer;
        }
        int head = unit - neurons;
        return "L" + head / headsPerLayer + ".head" + head % headsPerLayer;
    }
}
