package io.modewatch.clustering;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedMedianTest {

    @Test
    void lowerMedianOfAnEvenUniformSetIsTheLowerMiddleValue() {
        assertThat(WeightedMedian.lower(new double[] {4, 1, 3, 2}, new double[] {1, 1, 1, 1})).isEqualTo(2);
    }

    @Test
    void aHeavyValueTakesTheMedian() {
        assertThat(WeightedMedian.lower(new double[] {1, 2, 3}, new double[] {0.1, 0.1, 5})).isEqualTo(3);
    }

    @Test
    void quickselectAgreesWithTheSortingDefinitionOnRandomInputs() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + random.nextInt(40);
            double[] v = new double[n];
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = random.nextInt(7) - 3; // many ties on purpose
                w[i] = random.nextInt(4) == 0 ? 0 : random.nextDouble();
            }
            w[0] += 0.01;
            assertThat(WeightedMedian.lower(v, w)).isEqualTo(bySorting(v, w));
        }
    }

    private static double bySorting(double[] v, double[] w) {
        Integer[] order = new Integer[v.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double total = Arrays.stream(w).sum();
        double cumulative = 0;
        for (int i : order) {
            cumulative += w[i];
            if (cumulative >= total / 2) {
                return v[i];
            }
        }
        return v[order[order.length - 1]];
    }
}
