package io.modewatch.clustering.online;

import io.modewatch.clustering.RdParameters;

import io.modewatch.clustering.Distances;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * One component's state. Masses and sums are stored inflated by the scope's decay scale (see
 * {@link ScopeState#scale()}) so that forgetting costs nothing per event; only ratios of inflated
 * quantities, or quantities divided by the scale, are meaningful. The unit semantic centroid and
 * the signature centroid's L1 norm are derived caches, rebuilt on decoding.
 */
public final class OnlineComponent {

    /** Ancestors kept per component; enough to find a reference ancestor through a few splits. */
    static final int MAX_LINEAGE = 16;

    final int id;
    final int parentId;
    final int[] lineage;
    final Origin origin;
    final long bornAt;
    double mass;
    final double[] semanticSum;
    final float[] signatureCentroid;
    double distortionE;
    double distortionA;
    double reservoirVarE;
    double reservoirVarA;
    long assigned;
    /**
     * Weighted reservoir distortion {@code beta_e Var_e + beta_a Var_a} and event count when a split was
     * last tried and refused. A stationary component keeps its distortion, so it is not re-tried until
     * its distortion grows (new traffic mixed in) or a long time has passed: split trials are the
     * expensive part of a structure pass.
     */
    double distortionAtSplitTrial = -1;
    long eventAtSplitTrial = -1;
    final ArrayDeque<Member> reservoir;

    final float[] semanticCentroid;
    double signatureL1;

    OnlineComponent(int id, int parentId, int[] lineage, Origin origin, long bornAt, int semanticDim, int signatureDim) {
        this.id = id;
        this.parentId = parentId;
        this.lineage = lineage;
        this.origin = origin;
        this.bornAt = bornAt;
        this.semanticSum = new double[semanticDim];
        this.signatureCentroid = new float[signatureDim];
        this.semanticCentroid = new float[semanticDim];
        this.reservoir = new ArrayDeque<>();
    }

    /** Lineage of a child of this component: its own lineage plus itself, capped at the most recent ancestors. */
    int[] childLineage() {
        int[] out = Arrays.copyOf(lineage, lineage.length + 1);
        out[lineage.length] = id;
        return out.length > MAX_LINEAGE ? Arrays.copyOfRange(out, out.length - MAX_LINEAGE, out.length) : out;
    }

    void refreshSemanticCentroid() {
        // Four partial sums (Distances.dot): one accumulator would make this a chain of d dependent additions.
        normaliseSemantic(Distances.dot(semanticSum, semanticSum));
    }

    /**
     * {@code semanticSum += w e} and the unit centroid refreshed, in one pass over the sum: the per-event
     * update. The squared norm is accumulated exactly as {@link Distances#dot} (used by
     * {@link #refreshSemanticCentroid()}) does it, so the cache equals what decoding rebuilds, bit for bit.
     */
    void addSemantic(double w, float[] e) {
        double[] sum = semanticSum;
        double n0 = 0, n1 = 0, n2 = 0, n3 = 0;
        int d = sum.length;
        int i = 0;
        for (; i + 3 < d; i += 4) {
            double s0 = sum[i] + w * e[i];
            double s1 = sum[i + 1] + w * e[i + 1];
            double s2 = sum[i + 2] + w * e[i + 2];
            double s3 = sum[i + 3] + w * e[i + 3];
            sum[i] = s0;
            sum[i + 1] = s1;
            sum[i + 2] = s2;
            sum[i + 3] = s3;
            n0 += s0 * s0;
            n1 += s1 * s1;
            n2 += s2 * s2;
            n3 += s3 * s3;
        }
        for (; i < d; i++) {
            double s0 = sum[i] + w * e[i];
            sum[i] = s0;
            n0 += s0 * s0;
        }
        normaliseSemantic((n0 + n1) + (n2 + n3));
    }

    private void normaliseSemantic(double norm) {
        double inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0; // one division instead of one per coordinate
        for (int j = 0; j < semanticSum.length; j++) {
            semanticCentroid[j] = (float) (semanticSum[j] * inverse);
        }
    }

    void refreshSignatureNorm() {
        double s = 0;
        for (float v : signatureCentroid) {
            s += Math.abs(v);
        }
        signatureL1 = s;
    }

    void remember(Member m, int capacity) {
        reservoir.addLast(m);
        while (reservoir.size() > capacity) {
            reservoir.removeFirst();
        }
    }

    public int id() {
        return id;
    }

    public int parentId() {
        return parentId;
    }

    /** Oldest ancestor first. */
    public int[] lineage() {
        return lineage.clone();
    }

    public Origin origin() {
        return origin;
    }

    public long bornAt() {
        return bornAt;
    }

    /** Events assigned to this component since it was created (a birth or a split child starts with the members it was made of). */
    public long assigned() {
        return assigned;
    }

    public float[] semanticCentroid() {
        return semanticCentroid.clone();
    }

    public float[] signatureCentroid() {
        return signatureCentroid.clone();
    }

    /** Mean squared-L2 semantic distortion of the reservoir (or of all members before the first maintenance). */
    public double varE() {
        return reservoirVarE;
    }

    /** Mean L1 signature distortion of the reservoir (or of all members before the first maintenance). */
    public double varA() {
        return reservoirVarA;
    }

    /** {@code beta_e ||e - mu_e||^2 + beta_a ||a - mu_a||_1} of a member against this component's centroids. */
    public double jointDistortion(Member m, RdParameters p) {
        return p.distortion(Distortions.semantic(m.semantic(), semanticCentroid),
                Distortions.signature(m.signature(), signatureCentroid, signatureL1));
    }

    public List<Member> reservoir() {
        return List.copyOf(reservoir);
    }

    public int reservoirSize() {
        return reservoir.size();
    }

    /** The member added last (the reservoir keeps arrival order: added at the end, dropped from the front). */
    public Member newestMember() {
        return reservoir.peekLast();
    }

    /** The member that will be dropped next. */
    public Member oldestMember() {
        return reservoir.peekFirst();
    }
}
