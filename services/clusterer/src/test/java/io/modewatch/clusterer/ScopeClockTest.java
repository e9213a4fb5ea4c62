package io.modewatch.clusterer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ScopeClockTest {

    @Test
    void theSignatureSpaceIdSurvivesTheStoreAndFollowsTheLatestEvent() {
        ScopeClock clock = new ScopeClock();
        clock.observe(1_000);
        clock.signatureSpaceId("mlp-neurons:L2xN8");
        clock.alertSeq = 3;
        ScopeClock back = ScopeClock.decode(clock.encode());
        assertThat(back.signatureSpaceId()).isEqualTo("mlp-neurons:L2xN8");
        assertThat(back.alertSeq).isEqualTo(3);
        assertThat(back.firstTimestamp).isEqualTo(1_000);
        back.signatureSpaceId("mlp-neurons+heads:L2xN8xH2");
        assertThat(ScopeClock.decode(back.encode()).signatureSpaceId()).isEqualTo("mlp-neurons+heads:L2xN8xH2");
    }

    @Test
    void aClockStoredBeforeTheSpaceIdExistedStillDecodes() {
        byte[] version1 = ByteBuffer.allocate(1 + 5 * Long.BYTES + 2 * Integer.BYTES).put((byte) 1).putLong(10)
                .putLong(20).putLong(15).putLong(2).putLong(7).putInt(384).putInt(2048).array();
        ScopeClock clock = ScopeClock.decode(version1);
        assertThat(clock.lastTimestamp).isEqualTo(20);
        assertThat(clock.driftSeq).isEqualTo(7);
        assertThat(clock.signatureDim).isEqualTo(2048);
        assertThat(clock.signatureSpaceId()).isNull();
    }
}
