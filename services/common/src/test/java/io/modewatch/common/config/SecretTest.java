package io.modewatch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void aSecretNeverShowsItsValueWhenPrintedEvenInsideARecord() {
        Secret s = new Secret("s3cr3t-token");
        record Holder(String name, Optional<Secret> token) {
        }
        assertThat(s.toString()).doesNotContain("s3cr3t");
        assertThat(new Holder("clusterer", Optional.of(s)).toString()).doesNotContain("s3cr3t");
    }

    @Test
    void onlyTheExactValueMatches() {
        Secret s = new Secret("s3cr3t-token");
        assertThat(s.matches("s3cr3t-token")).isTrue();
        assertThat(s.matches("s3cr3t-toke")).isFalse();
        assertThat(s.matches("S3CR3T-TOKEN")).isFalse();
        assertThat(s.matches(null)).isFalse();
        assertThatThrownBy(() -> new Secret("")).isInstanceOf(IllegalArgumentException.class);
    }
}
