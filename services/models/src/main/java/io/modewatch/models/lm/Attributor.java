package io.modewatch.models.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Sequence-level attribution signatures and teacher-forced target scores (DESIGN.md §1).
 *
 * <p>The target of a continuation is the sum over its tokens of the demeaned logit of the sampled
 * token, read at the position that predicts it. Because differentiation is linear, one forward and
 * one backward pass give the attribution of the whole continuation; {@link #attributePerToken} does
 * it the paper's reference way (one replicated row per continuation token) for tests and benchmarks.
 */
public final class Attributor {

    private final DecoderLm lm;
    private final DecoderForward forward;
    private final DecoderConfig config;
    private final Transcoders transcoders;
    /** Runs between forward and backward; tests force garbage collections here. */
    private Runnable beforeBackward = () -> {};

    public Attributor(DecoderLm lm) {
        this(lm, null);
    }

    /** With transcoders: {@link #attributeFeatures} and feature steering become available. */
    public Attributor(DecoderLm lm, Transcoders transcoders) {
        this.lm = lm;
        this.forward = new DecoderForward(lm.weights());
        this.config = lm.config();
        this.transcoders = transcoders;
    }

    void beforeBackward(Runnable hook) {
        this.beforeBackward = hook;
    }

    public List<Signature> attribute(List<TeacherForcedSequence> sequences, AttributionSettings settings) {
        return attribute(sequences, settings, Steering.none());
    }

    /** One forward and one backward pass per batch of continuations. */
    public List<Signature> attribute(List<TeacherForcedSequence> sequences, AttributionSettings settings, Steering steering) {
        return signatures(sequences.size(), wholeContinuations(sequences), settings, steering, UnitSpace.NEURONS);
    }

    /**
     * Signatures over transcoder features instead of neurons: unit {@code layer * F + feature}. Heads
     * are not included whatever the settings say.
     */
    public List<Signature> attributeFeatures(List<TeacherForcedSequence> sequences, AttributionSettings settings) {
        if (transcoders == null) {
            throw new IllegalStateException("attributeFeatures needs an Attributor built with transcoders");
        }
        return signatures(sequences.size(), wholeContinuations(sequences), settings, Steering.none(), UnitSpace.FEATURES);
    }

    private static List<TargetRow> wholeContinuations(List<TeacherForcedSequence> sequences) {
        List<TargetRow> rows = new ArrayList<>();
        for (int s = 0; s < sequences.size(); s++) {
            rows.add(TargetRow.wholeContinuation(s, sequences.get(s)));
        }
        return rows;
    }

    /** The reference method: one row per continuation token, each with that token's target alone, summed. */
    public List<Signature> attributePerToken(List<TeacherForcedSequence> sequences, AttributionSettings settings) {
        List<TargetRow> rows = new ArrayList<>();
        for (int s = 0; s < sequences.size(); s++) {
            TeacherForcedSequence seq = sequences.get(s);
            for (int i = 0; i < seq.continuationIds().length; i++) {
                rows.add(new TargetRow(s, seq, new int[] {i}));
            }
        }
        return signatures(sequences.size(), rows, settings, Steering.none(), UnitSpace.NEURONS);
    }

    /** Summed demeaned target logit of each continuation under an optional steering; no gradients. */
    public double[] targets(List<TeacherForcedSequence> sequences, Steering steering, int batchSize) {
        double[] out = new double[sequences.size()];
        for (int from = 0; from < sequences.size(); from += batchSize) {
            List<TargetRow> batch = new ArrayList<>();
            for (int s = from; s < Math.min(sequences.size(), from + batchSize); s++) {
                batch.add(TargetRow.wholeContinuation(s, sequences.get(s)));
            }
            BatchResult r = run(batch, null, 0, false, steering);
            for (int i = 0; i < batch.size(); i++) {
                out[batch.get(i).index()] = r.targets()[i];
            }
        }
        return out;
    }

    private enum UnitSpace { NEURONS, FEATURES }

    private List<Signature> signatures(int count, List<TargetRow> rows, AttributionSettings settings, Steering steering,
            UnitSpace space) {
        boolean features = space == UnitSpace.FEATURES;
        int heads = settings.attentionHeads() && !features ? config.heads() : 0;
        int perLayer = features ? transcoders.features() : config.intermediateSize();
        int dim = config.layers() * (perLayer + heads);
        float[][] sums = new float[count][dim];
        double[] targets = new double[count];
        for (int from = 0; from < rows.size(); from += settings.batchSize()) {
            List<TargetRow> batch = rows.subList(from, Math.min(rows.size(), from + settings.batchSize()));
            BatchResult r = run(batch, settings.sources(), heads, features, steering);
            for (int i = 0; i < batch.size(); i++) {
                int s = batch.get(i).index();
                targets[s] += r.targets()[i];
                for (int j = 0; j < dim; j++) {
                    sums[s][j] += r.scores()[i * dim + j];
                }
            }
        }
        List<Signature> out = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            out.add(sparsify(sums[s], targets[s], settings, perLayer, heads));
        }
        return out;
    }

    private Signature sparsify(float[] dense, double target, AttributionSettings settings, int perLayer, int heads) {
        double sq = 0;
        for (float v : dense) {
            sq += (double) v * v;
        }
        double norm = Math.sqrt(sq);
        if (settings.l2Normalise() && norm > 0) {
            for (int j = 0; j < dense.length; j++) {
                dense[j] = (float) (dense[j] / norm);
            }
        }
        int[] units;
        if (settings.topK() <= 0 || settings.topK() >= dense.length) {
            units = new int[dense.length];
            Arrays.setAll(units, j -> j);
        } else {
            Integer[] order = new Integer[dense.length];
            Arrays.setAll(order, j -> j);
            Arrays.sort(order, Comparator.comparingDouble(j -> -Math.abs(dense[j])));
            units = new int[settings.topK()];
            for (int i = 0; i < units.length; i++) {
                units[i] = order[i];
            }
            Arrays.sort(units);
        }
        float[] values = new float[units.length];
        for (int i = 0; i < units.length; i++) {
            values[i] = dense[units[i]];
        }
        return new Signature(config.layers(), perLayer, heads, units, values, target, norm);
    }

    /** One padded batch: forward, and when {@code sources} is set, backward and activation x gradient. */
    private BatchResult run(List<TargetRow> rows, SourcePositions sources, int heads, boolean features, Steering steering) {
        int b = rows.size();
        int length = rows.stream().mapToInt(r -> r.sequence.length()).max().orElseThrow();
        if (length > config.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + length + " tokens exceeds max positions " + config.maxPositions());
        }
        int[][] ids = new int[b][length];
        int[] prefixLengths = new int[b];
        int[][] targetIds = new int[b][length];
        float[] targetWeight = new float[b * length];
        float[] sourceMask = new float[b * length];
        for (int r = 0; r < b; r++) {
            TargetRow row = rows.get(r);
            int[] seq = row.sequence.ids();
            System.arraycopy(seq, 0, ids[r], 0, seq.length);
            int m = row.sequence.prefixIds().length;
            prefixLengths[r] = m;
            for (int i : row.targetOffsets) {
                // Token i of the continuation sits at m + i and is predicted from position m + i - 1.
                targetIds[r][m + i - 1] = row.sequence.continuationIds()[i];
                targetWeight[r * length + m + i - 1] = 1f;
            }
            for (int p = 0; p < seq.length; p++) {
                sourceMask[r * length + p] = sources != null && sources.includes(p < m) ? 1f : 0f;
            }
        }
        ChunkLayout chunk = ChunkLayout.rightPadded(b, length, prefixLengths);
        try (NDManager step = lm.manager().newSubManager()) {
            StepConstants k = new StepConstants(step);
            NDArray directions = targetDirections(step, targetIds, targetWeight, b, length);
            ForwardHooks hooks = SteeringHooks.of(steering, config, transcoders);
            if (sources == null) {
                NDArray hidden = forward.hidden(ids, chunk, null, hooks, k);
                return new BatchResult(toDouble(hidden.mul(directions).sum(new int[] {1, 2}).toFloatArray()), null);
            }
            AttributionProbe neuronProbe = features ? null : new AttributionProbe(config.layers(), heads);
            FeatureProbe featureProbe = features ? new FeatureProbe(transcoders, config.layers()) : null;
            NDArray perRow;
            try (GradientCollector collector = Engine.getEngine(DecoderLm.ENGINE).newGradientCollector()) {
                NDArray hidden = forward.hidden(ids, chunk, null, hooks.then(features ? featureProbe : neuronProbe), k);
                perRow = hidden.mul(directions).sum(new int[] {1, 2});
                beforeBackward.run();
                collector.backward(perRow.sum());
            }
            NDArray mask = step.create(sourceMask, new Shape(b, length, 1));
            NDArray scores = features ? featureProbe.scores(mask, b) : neuronProbe.scores(mask);
            return new BatchResult(toDouble(perRow.toFloatArray()), scores.toFloatArray());
        }
    }

    /**
     * [batch, length, hidden]: at each predicting position the demeaned unembedding row of the token
     * it predicts, zero elsewhere. hidden . (w_y - mean_v w_v) is the demeaned logit, so the target is
     * read without materialising [batch, length, vocab] logits.
     */
    private NDArray targetDirections(NDManager step, int[][] targetIds, float[] weight, int b, int length) {
        long[] flat = new long[b * length];
        for (int r = 0; r < b; r++) {
            for (int p = 0; p < length; p++) {
                flat[r * length + p] = targetIds[r][p];
            }
        }
        NDArray idArray = step.create(flat, new Shape(b, length));
        NDList rows = idArray.getNDArrayInternal().embedding(idArray, lm.weights().unembed(), SparseFormat.DENSE);
        NDArray demeaned = rows.singletonOrThrow().sub(lm.weights().unembedMean());
        return demeaned.mul(step.create(weight, new Shape(b, length, 1)));
    }

    private static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    private record BatchResult(double[] targets, float[] scores) {}

    /** A teacher-forced row whose target counts the continuation tokens at {@code targetOffsets}. */
    private record TargetRow(int index, TeacherForcedSequence sequence, int[] targetOffsets) {
        static TargetRow wholeContinuation(int index, TeacherForcedSequence s) {
            int[] all = new int[s.continuationIds().length];
            Arrays.setAll(all, i -> i);
            return new TargetRow(index, s, all);
        }
    }
}
