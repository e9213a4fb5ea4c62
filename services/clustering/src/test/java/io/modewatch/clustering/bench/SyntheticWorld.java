package io.modewatch.clustering.bench;

import io.modewatch.clustering.SparseSignature;
import io.modewatch.clustering.batch.PointSet;
import io.modewatch.clustering.batch.SignatureCentring;
import io.modewatch.clustering.online.Observation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Continuations with known modes. A mode pairs a semantic prototype (a unit direction) with a
 * mechanism prototype (a sparse set of active units with typical attributions), so modes can be
 * made to differ in one view only: the same meaning by two mechanisms, or two meanings by one.
 */
public final class SyntheticWorld {

    /** One labelled continuation. */
    public record Labelled(Observation observation, int mode) {
    }

    /** A mode: indices of its semantic and mechanism prototypes. */
    public record Mode(int semantic, int mechanism) {
    }

    private final int semanticDim;
    private final int signatureDim;
    private final int activeUnits;
    private final double semanticNoise;
    private final double signatureNoise;
    private final List<double[]> semanticPrototypes = new ArrayList<>();
    private final List<SparseSignature> mechanismPrototypes = new ArrayList<>();
    private final SplittableRandom prototypes;

    public SyntheticWorld(int semanticDim, int signatureDim, int activeUnits, long seed) {
        this(semanticDim, signatureDim, activeUnits, 0.45, 0.2, seed);
    }

    /**
     * @param semanticNoise  norm of the Gaussian noise added to a unit prototype before re-normalising
     * @param signatureNoise relative noise on each active unit's attribution
     */
    public SyntheticWorld(int semanticDim, int signatureDim, int activeUnits, double semanticNoise, double signatureNoise, long seed) {
        this.semanticDim = semanticDim;
        this.signatureDim = signatureDim;
        this.activeUnits = activeUnits;
        this.semanticNoise = semanticNoise;
        this.signatureNoise = signatureNoise;
        this.prototypes = new SplittableRandom(seed);
    }

    public int semanticDim() {
        return semanticDim;
    }

    public int signatureDim() {
        return signatureDim;
    }

    private double[] semanticPrototype(int i) {
        while (semanticPrototypes.size() <= i) {
            double[] v = new double[semanticDim];
            for (int j = 0; j < semanticDim; j++) {
                v[j] = prototypes.nextGaussian();
            }
            normalise(v);
            semanticPrototypes.add(v);
        }
        return semanticPrototypes.get(i);
    }

    private SparseSignature mechanismPrototype(int i) {
        while (mechanismPrototypes.size() <= i) {
            int[] idx = prototypes.ints(0, signatureDim).distinct().limit(activeUnits).sorted().toArray();
            float[] val = new float[idx.length];
            for (int k = 0; k < idx.length; k++) {
                double magnitude = 0.5 + prototypes.nextDouble();
                val[k] = (float) (prototypes.nextBoolean() ? magnitude : -magnitude);
            }
            mechanismPrototypes.add(new SparseSignature(signatureDim, idx, val));
        }
        return mechanismPrototypes.get(i);
    }

    public Labelled sample(Mode mode, int label, String id, SplittableRandom random) {
        double[] proto = semanticPrototype(mode.semantic());
        double[] e = new double[semanticDim];
        double perCoordinate = semanticNoise / Math.sqrt(semanticDim);
        for (int j = 0; j < semanticDim; j++) {
            e[j] = proto[j] + perCoordinate * random.nextGaussian();
        }
        normalise(e);
        float[] ef = new float[semanticDim];
        for (int j = 0; j < semanticDim; j++) {
            ef[j] = (float) e[j];
        }
        SparseSignature m = mechanismPrototype(mode.mechanism());
        float[] val = new float[m.nonZeros()];
        for (int k = 0; k < val.length; k++) {
            val[k] = (float) (m.values()[k] * (1 + signatureNoise * random.nextGaussian()));
        }
        double weight = 0.2 + 0.8 * random.nextDouble();
        return new Labelled(new Observation(id, weight, ef, new SparseSignature(signatureDim, m.indices(), val), null), label);
    }

    /** {@code n} points drawn from {@code modes} with the given shares, labelled by mode index. */
    public List<Labelled> mixture(List<Mode> modes, double[] shares, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Labelled> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int label = pick(shares, random.nextDouble());
            out.add(sample(modes.get(label), label, "p" + i, random));
        }
        return out;
    }

    static int pick(double[] shares, double u) {
        double total = Arrays.stream(shares).sum();
        double cumulative = 0;
        for (int i = 0; i < shares.length; i++) {
            cumulative += shares[i] / total;
            if (u < cumulative) {
                return i;
            }
        }
        return shares.length - 1;
    }

    /** The batch algorithm's input for labelled points, with the paper's signature preprocessing. */
    public static PointSet pointSet(List<Labelled> points) {
        int n = points.size();
        double[] w = new double[n];
        double[][] e = new double[n][];
        double[][] raw = new double[n][];
        for (int i = 0; i < n; i++) {
            Observation o = points.get(i).observation();
            w[i] = o.weight();
            e[i] = new double[o.semantic().length];
            for (int j = 0; j < e[i].length; j++) {
                e[i][j] = o.semantic()[j];
            }
            raw[i] = o.signature().toDense();
        }
        return new PointSet(w, e, SignatureCentring.fit(raw, w).applyAll(raw));
    }

    public static int[] labels(List<Labelled> points) {
        return points.stream().mapToInt(Labelled::mode).toArray();
    }

    /**
     * The benchmark's five stationary modes: 0 and 1 share their meaning and differ only in
     * mechanism; 2 and 3 share their mechanism and differ only in meaning; 4 differs in both.
     */
    public static List<Mode> stationaryModes() {
        return List.of(new Mode(0, 0), new Mode(0, 1), new Mode(1, 2), new Mode(2, 2), new Mode(3, 3));
    }

    public static double[] stationaryShares() {
        return new double[] {0.25, 0.2, 0.2, 0.15, 0.2};
    }

    private static void normalise(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        s = Math.sqrt(s);
        for (int j = 0; j < v.length; j++) {
            v[j] /= s;
        }
    }
}
