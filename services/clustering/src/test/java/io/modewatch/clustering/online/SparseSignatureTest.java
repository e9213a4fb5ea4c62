package io.modewatch.clustering.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modewatch.clustering.Distances;
import io.modewatch.clustering.SparseSignature;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SparseSignatureTest {

    @Test
    void theSparseL1ToADenseCentroidEqualsTheDenseL1() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            double[] x = new double[40];
            float[] mu = new float[40];
            double[] muD = new double[40];
            for (int j = 0; j < 40; j++) {
                x[j] = random.nextInt(3) == 0 ? random.nextGaussian() : 0;
                mu[j] = (float) random.nextGaussian();
                muD[j] = mu[j];
            }
            SparseSignature s = SparseSignature.fromDense(x);
            double l1 = 0;
            for (float m : mu) {
                l1 += Math.abs(m);
            }
            double[] xf = s.toDense();
            assertThat(Distortions.signature(s, mu, l1)).isCloseTo(Distances.l1(xf, muD), within(1e-4));
        }
    }

    @Test
    void theSparseMedianTreatsMissingUnitsAsWeightedZeros() {
        SparseSignature a = new SparseSignature(4, new int[] {0, 2}, new float[] {5, 1});
        SparseSignature b = new SparseSignature(4, new int[] {0}, new float[] {3});
        SparseSignature c = new SparseSignature(4, new int[] {2, 3}, new float[] {-1, 7});
        float[] median = SparseMedian.of(List.of(a, b, c), new double[] {1, 1, 1}, 4);
        assertThat(median).containsExactly(3f, 0f, 0f, 0f);
        float[] heavy = SparseMedian.of(List.of(a, b, c), new double[] {1, 1, 5}, 4);
        assertThat(heavy).containsExactly(0f, 0f, -1f, 7f);
    }

    @Test
    void centringKeepsTheUnionOfBothSupports() {
        SparseSignature x = new SparseSignature(5, new int[] {1, 3}, new float[] {4, 2});
        SparseSignature centre = new SparseSignature(5, new int[] {3, 4}, new float[] {2, 1});
        SparseSignature y = x.centredAndScaled(centre, 2);
        assertThat(y.indices()).containsExactly(1, 3, 4);
        assertThat(y.values()).containsExactly(2f, 0f, -0.5f);
    }
}
