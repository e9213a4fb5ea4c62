package io.modewatch.clustering.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassicalScalingTest {

    @Test
    void pointsThatLieInAPlaneAreRecoveredUpToARigidMotion() {
        Random random = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + random.nextInt(60);
            double[][] truth = new double[n][2];
            for (double[] p : truth) {
                p[0] = 10 * random.nextGaussian();
                p[1] = 3 * random.nextGaussian();
            }
            double[][] mapped = ClassicalScaling.toPlane(euclidean(truth));
            double[][] again = euclidean(mapped);
            double[][] expected = euclidean(truth);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertThat(again[i][j]).as("trial %d, n %d, pair %d %d", trial, n, i, j).isCloseTo(expected[i][j], within(1e-6));
                }
            }
        }
    }

    @Test
    void theMapIsCentredAndTheFirstAxisCarriesTheLargestSpread() {
        Random random = new Random(12);
        double[][] points = new double[30][5];
        for (double[] p : points) {
            for (int d = 0; d < 5; d++) {
                p[d] = (5 - d) * random.nextGaussian();
            }
        }
        double[][] mapped = ClassicalScaling.toPlane(euclidean(points));
        double sx = 0, sy = 0, vx = 0, vy = 0;
        for (double[] p : mapped) {
            sx += p[0];
            sy += p[1];
            vx += p[0] * p[0];
            vy += p[1] * p[1];
        }
        assertThat(sx).isCloseTo(0, within(1e-9));
        assertThat(sy).isCloseTo(0, within(1e-9));
        assertThat(vx).isGreaterThanOrEqualTo(vy).isPositive();
        // A projection never stretches: every mapped distance is at most the original one.
        double[][] original = euclidean(points);
        double[][] flat = euclidean(mapped);
        for (int i = 0; i < points.length; i++) {
            for (int j = 0; j < points.length; j++) {
                assertThat(flat[i][j]).isLessThanOrEqualTo(original[i][j] + 1e-9);
            }
        }
    }

    @Test
    void theSameDistancesGiveTheSameMapWithFixedSigns() {
        double[][] d = {{0, 3, 4, 7}, {3, 0, 5, 6}, {4, 5, 0, 2}, {7, 6, 2, 0}};
        double[][] a = ClassicalScaling.toPlane(d);
        double[][] b = ClassicalScaling.toPlane(d);
        assertThat(a).isDeepEqualTo(b);
        for (int axis = 0; axis < 2; axis++) {
            int largest = 0;
            for (int i = 1; i < a.length; i++) {
                if (Math.abs(a[i][axis]) > Math.abs(a[largest][axis])) {
                    largest = i;
                }
            }
            assertThat(a[largest][axis]).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void nonEuclideanDistancesStillGiveFiniteCoordinatesAndSmallCasesAreExact() {
        // L1 distances between sparse vectors, the signature view's metric.
        Random random = new Random(13);
        double[][] x = new double[40][50];
        for (double[] p : x) {
            for (int k = 0; k < 5; k++) {
                p[random.nextInt(50)] = random.nextGaussian();
            }
        }
        double[][] d = new double[40][40];
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 40; j++) {
                for (int k = 0; k < 50; k++) {
                    d[i][j] += Math.abs(x[i][k] - x[j][k]);
                }
            }
        }
        for (double[] p : ClassicalScaling.toPlane(d)) {
            assertThat(p[0]).isFinite();
            assertThat(p[1]).isFinite();
        }
        assertThat(ClassicalScaling.toPlane(new double[0][0])).isEmpty();
        assertThat(ClassicalScaling.toPlane(new double[][] {{0}})).isDeepEqualTo(new double[][] {{0, 0}});
        double[][] two = ClassicalScaling.toPlane(new double[][] {{0, 4}, {4, 0}});
        assertThat(Math.abs(two[0][0] - two[1][0])).isCloseTo(4, within(1e-9));
        assertThat(two[0][1]).isCloseTo(0, within(1e-9));
        assertThatThrownBy(() -> ClassicalScaling.toPlane(new double[][] {{0, 1}, {1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square");
    }

    private static double[][] euclidean(double[][] points) {
        int n = points.length;
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < points[i].length; k++) {
                    s += (points[i][k] - points[j][k]) * (points[i][k] - points[j][k]);
                }
                d[i][j] = Math.sqrt(s);
            }
        }
        return d;
    }
}
