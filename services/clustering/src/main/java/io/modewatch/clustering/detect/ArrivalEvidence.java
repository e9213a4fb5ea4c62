package io.modewatch.clustering.detect;

/**
 * The sequential test of a mode's arrival rate: the log-likelihood ratio of {@code count} arrivals
 * among {@code events} continuations under the tested share against the background share (SPRT,
 * Bernoulli arrivals). It grows by {@code ln(p1/p0)} per arrival and falls a little per other
 * continuation, so a mode at a large share alerts after few continuations and a small one later.
 */
final class ArrivalEvidence {

    private ArrivalEvidence() {
    }

    static double logLikelihoodRatio(long count, long events, double share, double background) {
        long others = Math.max(0, events - count);
        return count * Math.log(share / background) + others * Math.log((1 - share) / (1 - background));
    }
}
