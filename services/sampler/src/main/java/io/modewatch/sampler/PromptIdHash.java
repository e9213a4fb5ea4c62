package io.modewatch.sampler;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Stable functions of a prompt id. SHA-256 rather than {@code String.hashCode}: the sampling
 * decision and the seed must be the same on every JVM and every replay, and uniformly spread even
 * for ids that differ in one trailing digit.
 */
final class PromptIdHash {

    private static final double TWO_TO_53 = 0x1.0p53;

    private PromptIdHash() {
    }

    /**
     * A number in [0, 1) fixed by the prompt id alone (not by the seed), so raising the fraction
     * keeps every prompt sampled before and adds new ones.
     */
    static double unitInterval(String promptId) {
        return (leading64("sample-fraction:" + promptId) >>> 11) / TWO_TO_53;
    }

    /** The generation seed of a prompt: fixed by the id and the operator's seed, so a replay samples the same text. */
    static long seed(String promptId, long operatorSeed) {
        return leading64("generation-seed:" + operatorSeed + ":" + promptId);
    }

    private static long leading64(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
