package io.modewatch.clustering.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectorStateCodecTest {

    @Test
    void familiesStatusesAndTheReferenceSurviveARoundTripBitForBit() {
        DetectorState s = new DetectorState();
        s.referenceTakenAt = 600;
        s.revision = 9;
        s.reference.add(new ReferenceMode(3, 0.25, 0.01, 2.5, new float[] {0.6f, 0.8f}, new float[] {1f, -2f, 0f}));
        ModeStatus status = new ModeStatus();
        status.judged = true;
        status.family = 0;
        status.alerted = true;
        s.statuses.put(17, status);
        ModeFamily f = new ModeFamily(0, NoveltyKind.MECHANISTIC, new float[] {0.6f, -0.8f, 0f}, 1234);
        f.count = 77;
        f.alerted = true;
        s.families.put(0, f);
        s.nextFamilyId = 1;
        s.windowMass.put(17, 3.5);

        DetectorStateCodec.Encoded encoded = DetectorStateCodec.encode(s);
        DetectorState back = DetectorStateCodec.decode(encoded);
        DetectorStateCodec.Encoded again = DetectorStateCodec.encode(back);

        assertThat(again.header()).isEqualTo(encoded.header());
        assertThat(again.references().keySet()).isEqualTo(encoded.references().keySet());
        encoded.references().forEach((k, v) -> assertThat(again.references().get(k)).isEqualTo(v));
        assertThat(back.families()).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo(NoveltyKind.MECHANISTIC);
            assertThat(v.count()).isEqualTo(77);
            assertThat(v.componentIds()).containsExactly(17);
        });
    }

    @Test
    void aFamilyWhoseOffsetEntryIsMissingIsReportedAsCorrupt() {
        DetectorState s = new DetectorState();
        s.families.put(0, new ModeFamily(0, NoveltyKind.SEMANTIC, new float[] {1f}, 5));
        DetectorStateCodec.Encoded encoded = DetectorStateCodec.encode(s);
        var broken = new DetectorStateCodec.Encoded(encoded.header(), Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DetectorStateCodec.decode(broken))
                .hasMessageContaining("family 0");
    }
}
