package io.modewatch.clusterer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterQueryPathTest {

    @Test
    void aScopeSegmentIsPercentDecodedAsUtf8AndKeepsPlusSigns() {
        assertThat(ClusterQueryApi.decodeSegment("door%20code")).isEqualTo("door code");
        assertThat(ClusterQueryApi.decodeSegment("a+b")).isEqualTo("a+b");
        assertThat(ClusterQueryApi.decodeSegment("t%C3%BCr")).isEqualTo("tür");
        assertThat(ClusterQueryApi.decodeSegment("100%25")).isEqualTo("100%");
    }

    @Test
    void aMalformedEscapeIsABadRequestThatSaysWhatIsWrong() {
        for (String bad : new String[] {"%", "abc%2", "%zz", "x%g1"}) {
            assertThatThrownBy(() -> ClusterQueryApi.decodeSegment(bad)).isInstanceOf(ClusterQueryApi.BadRequest.class)
                    .hasMessageContaining("malformed percent-escape");
        }
        assertThatThrownBy(() -> ClusterQueryApi.decodeSegment("%C3%28")).isInstanceOf(ClusterQueryApi.BadRequest.class)
                .hasMessageContaining("UTF-8");
    }
}
