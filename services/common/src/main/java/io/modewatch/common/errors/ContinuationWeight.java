package io.modewatch.common.errors;

/**
 * The rule for a continuation's weight P_n (its probability under the model, normalised over the
 * prompt's samples): a number in (0, 1]. Every service that reads continuations checks it where the
 * record enters, so a NaN is refused by the first reader instead of travelling to the clustering.
 */
public final class ContinuationWeight {

    private ContinuationWeight() {
    }

    /** Returns {@code weight}, or throws the validation failure that names the continuation. */
    public static double require(String continuationId, double weight) {
        if (!(weight > 0 && weight <= 1)) {
            throw new InvalidRecordException("continuation " + continuationId + ": weight P_n must lie in (0, 1], was "
                    + weight);
        }
        return weight;
    }
}
