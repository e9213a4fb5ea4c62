package io.modewatch.clustering.metrics;

/**
 * Classical (Torgerson) multidimensional scaling to two dimensions: places n items in the plane so
 * that their Euclidean distances approximate the given ones, from the top two eigenvectors of the
 * double-centred squared distance matrix. Used for the dashboard's component maps, one per view,
 * where the views' own distances (Euclidean between embeddings, L1 between signatures) are given.
 *
 * <p>Deterministic: the same distances give the same coordinates, and the sign of each axis is
 * fixed (its largest coordinate in absolute value is positive), so a map redrawn after a small
 * change does not flip. Distances that are not Euclidean (L1) give negative eigenvalues; the two
 * largest are used and a negative one gives an axis of zeros. The eigenvalues come from cyclic
 * Jacobi rotations, exact and O(n^3) per sweep: n is the number of components of one scope.
 */
public final class ClassicalScaling {

    private static final int MAX_SWEEPS = 60;

    private ClassicalScaling() {
    }

    /**
     * @param distances a symmetric n x n matrix of non-negative distances with a zero diagonal
     * @return n points {x, y}, centred on the origin
     */
    public static double[][] toPlane(double[][] distances) {
        int n = distances.length;
        for (double[] row : distances) {
            if (row.length != n) {
                throw new IllegalArgumentException("the distance matrix must be square (" + n + " rows, a row of " + row.length + ")");
            }
        }
        double[][] out = new double[n][2];
        if (n < 2) {
            return out;
        }
        double[][] b = doubleCentredSquares(distances);
        double[][] vectors = jacobi(b);
        // b now holds the eigenvalues on its diagonal; vectors' columns are the eigenvectors.
        int first = -1;
        int second = -1;
        for (int k = 0; k < n; k++) {
            if (first < 0 || b[k][k] > b[first][first] + 1e-12) {
                second = first;
                first = k;
            } else if (second < 0 || b[k][k] > b[second][second] + 1e-12) {
                second = k;
            }
        }
        int[] axes = {first, second};
        for (int axis = 0; axis < 2; axis++) {
            int k = axes[axis];
            double scale = Math.sqrt(Math.max(b[k][k], 0));
            int largest = 0;
            for (int i = 1; i < n; i++) {
                if (Math.abs(vectors[i][k]) > Math.abs(vectors[largest][k]) + 1e-12) {
                    largest = i;
                }
            }
            double sign = vectors[largest][k] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                out[i][axis] = sign * scale * vectors[i][k];
            }
        }
        return out;
    }

    /**
     * Diagonalises the symmetric matrix a in place (its diagonal ends as the eigenvalues) and
     * returns the eigenvectors as columns.
     */
    private static double[][] jacobi(double[][] a) {
        int n = a.length;
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        double scale = 0;
        for (double[] row : a) {
            for (double x : row) {
                scale += x * x;
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-30 * scale) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta == 0 ? 1 : theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        return v;
    }

    /** B = -1/2 J D^2 J with J = I - 11'/n. */
    private static double[][] doubleCentredSquares(double[][] d) {
        int n = d.length;
        double[][] b = new double[n][n];
        double[] rowMean = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sq = d[i][j] * d[i][j];
                b[i][j] = sq;
                rowMean[i] += sq / n;
            }
            total += rowMean[i] / n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i][j] = -0.5 * (b[i][j] - rowMean[i] - rowMean[j] + total);
            }
        }
        return b;
    }
}
