package io.modewatch.clustering;

/**
 * The reference code's lower weighted median: the first value, in ascending order, whose
 * cumulative weight reaches half the total. Computed by three-way quickselect rather than a sort,
 * because the M-step takes one median per signature coordinate per component.
 */
public final class WeightedMedian {

    private WeightedMedian() {
    }

    /**
     * Lower weighted median of {@code values[0..n)} with {@code weights[0..n)}. Both arrays are
     * used as scratch space and reordered.
     */
    public static double lowerInPlace(double[] values, double[] weights, int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("median of nothing");
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += weights[i];
        }
        double half = total / 2;
        int lo = 0;
        int hi = n; // exclusive
        double below = 0; // weight of everything already known to lie below values[lo..hi)
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, values[i]);
        }
        while (hi > lo) {
            double pivot = medianOfThree(values[lo], values[lo + (hi - lo) / 2], values[hi - 1]);
            // Dutch national flag partition: [lo, lt) < pivot, [lt, gt) == pivot, [gt, hi) > pivot.
            int lt = lo;
            int i = lo;
            int gt = hi;
            while (i < gt) {
                double v = values[i];
                if (v < pivot) {
                    swap(values, weights, lt++, i++);
                } else if (v > pivot) {
                    swap(values, weights, i, --gt);
                } else {
                    i++;
                }
            }
            double less = 0;
            for (int k = lo; k < lt; k++) {
                less += weights[k];
            }
            if (lt > lo && below + less >= half) {
                hi = lt;
                continue;
            }
            double equal = 0;
            for (int k = lt; k < gt; k++) {
                equal += weights[k];
            }
            if (below + less + equal >= half) {
                return pivot;
            }
            below += less + equal;
            lo = gt;
        }
        // Rounding left the half unreached: the reference clamps to the last (largest) element.
        return max;
    }

    /** Lower weighted median without disturbing the caller's arrays. */
    public static double lower(double[] values, double[] weights) {
        return lowerInPlace(values.clone(), weights.clone(), values.length);
    }

    private static double medianOfThree(double a, double b, double c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

    private static void swap(double[] v, double[] w, int i, int j) {
        double t = v[i];
        v[i] = v[j];
        v[j] = t;
        t = w[i];
        w[i] = w[j];
        w[j] = t;
    }
}
