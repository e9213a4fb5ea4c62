package io.modewatch.clustering.detect;

/**
 * Every threshold of new-mode detection. None depends on when a change arrives: the reference is
 * taken when the scope bootstraps and then grows by every later component judged to be known
 * traffic, and a mode alerts as soon as the evidence of its arrival rate is strong enough.
 *
 * @param warmupEvents      the first reference is taken at the scope's bootstrap, or at this event count if later
 * @param minShare          the arrival share a mode is tested for (the alternative of the sequential test)
 * @param backgroundShare   the arrival share of novel-looking traffic expected without a new mode (its null)
 * @param alertEvidence     log-likelihood ratio of the two shares at which a mode alerts (9.2 = odds of 10,000 to 1)
 * @param minCount          continuations a mode needs before it can alert, whatever the evidence
 * @param judgeCount        continuations a new component needs before it is judged known or new
 * @param noveltyFactor     a component is far from a reference mode in a view when their distance exceeds this
 *                          multiple of the two spreads in that view (plus the scope's floor for the view)
 * @param confirmFactor     when a family's evidence is in, a member still counts as new only when it is that far from
 *                          every known mode with this (larger) multiple (and is no finer cut of the traffic sampled
 *                          with the reference, by historyRatio); when no member is (the reference grew since
 *                          they were judged: they were finer cuts of known traffic), the family does not page and its
 *                          members join the reference; a family with any member still new pages whole
 * @param historyRatio      a component far from every known mode is still known traffic when it explains at least
 *                          this fraction of its arrival share in the traffic sampled when the reference was taken
 *                          ({@link ReferenceSample}: about 1 for a finer cut of known traffic, about 0 for a new mode)
 * @param referenceSample   continuations of the bootstrap kept as that sample (an even stride when there are more)
 * @param familySimilarity  new components of one kind whose offsets from their nearest known mode have at least
 *                          this cosine similarity form one mode (one alert)
 * @param referenceCapacity known modes kept in the reference (oldest dropped first)
 * @param vanishShare       an established mode whose window share stays below this is reported vanished
 * @param vanishWindows     for this many consecutive drift windows
 * @param windowEvents      events per drift window
 */
public record DetectionSettings(long warmupEvents, double minShare, double backgroundShare, double alertEvidence,
                                long minCount, long judgeCount, double noveltyFactor, double confirmFactor,
                                double historyRatio,
                                int referenceSample, double familySimilarity,
                                int referenceCapacity, double vanishShare, int vanishWindows, long windowEvents) {

    public DetectionSettings {
        if (warmupEvents < 1 || minCount < 1 || judgeCount < 1 || windowEvents < 1 || vanishWindows < 1 || referenceCapacity < 1) {
            throw new IllegalArgumentException("detection counts out of range");
        }
        if (!(minShare > 0 && minShare < 1) || !(backgroundShare > 0 && backgroundShare < minShare)) {
            throw new IllegalArgumentException("need 0 < background share < min share < 1");
        }
        if (noveltyFactor > 0 && !(confirmFactor >= noveltyFactor)) {
            throw new IllegalArgumentException("the confirm factor (" + confirmFactor + ") must be at least the novelty factor ("
                    + noveltyFactor + "); the re-check when a new mode's evidence is in can only widen the threshold it was found with");
        }
        if (!(alertEvidence > 0) || !(noveltyFactor > 0) || !(familySimilarity >= -1 && familySimilarity <= 1)
                || !(vanishShare >= 0 && vanishShare < 1) || !(historyRatio >= 0) || referenceSample < 0) {
            throw new IllegalArgumentException("detection evidence, factors or shares out of range");
        }
    }

    /** Defaults measured with {@code modewatch evaluate} (docs/clustering.md); none is derived from a timeline. */
    public static DetectionSettings defaults() {
        return new DetectionSettings(1, 0.02, 0.002, 9.2, 20, 12, 1.25, 1.6, 0.25, 600, 0.3, 256, 0.004, 2, 2_000);
    }
}
