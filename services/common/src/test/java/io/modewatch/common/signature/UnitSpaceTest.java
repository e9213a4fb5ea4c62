package io.modewatch.common.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UnitSpaceTest {

    @Test
    void neuronsAreNamedByLayerAndNeuronAndHeadsFollowThemLayerByLayer() {
        UnitSpace space = new UnitSpace(3, 256, 4);
        assertThat(space.dimension()).isEqualTo(780);
        assertThat(space.label(0)).isEqualTo("L0.mlp.n0");
        assertThat(space.label(2 * 256 + 17)).isEqualTo("L2.mlp.n17");
        assertThat(space.label(767)).isEqualTo("L2.mlp.n255");
        assertThat(space.label(768)).isEqualTo("L0.head0");
        assertThat(space.label(768 + 4 + 3)).isEqualTo("L1.head3");
        assertThat(space.label(779)).isEqualTo("L2.head3");
        assertThatThrownBy(() -> space.label(780)).hasMessageContaining("outside the space");
    }

    @Test
    void theIdCarriesTheLayoutAndParsesBack() {
        for (UnitSpace space : new UnitSpace[] {new UnitSpace(3, 256, 4), new UnitSpace(12, 3072, 0)}) {
            assertThat(UnitSpace.parse(space.id())).contains(space);
        }
        assertThat(new UnitSpace(3, 256, 0).id()).isEqualTo("mlp-neurons:L3xN256");
        assertThat(new UnitSpace(3, 256, 4).id()).isEqualTo("mlp-neurons+heads:L3xN256xH4");
    }

    @Test
    void idsWithoutALayoutOrOfAnotherSpaceDoNotParse() {
        for (String id : new String[] {null, "mlp-neurons", "mlp-neurons+heads", "gemmascope-l12-16k",
                "mlp-neurons:L3xN256xH4", "mlp-neurons+heads:L3xN256", "mlp-neurons:L0xN256",
                "mlp-neurons+heads:L3xN256xH0", "mlp-neurons:L99999999999xN2"}) {
            assertThat(UnitSpace.parse(id)).as(String.valueOf(id)).isEmpty();
        }
    }
}
