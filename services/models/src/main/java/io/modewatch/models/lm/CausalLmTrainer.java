package io.modewatch.models.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a decoder on (prompt, continuation) pairs with the loss on continuation tokens only, using
 * the same forward pass as inference. Deterministic: initial weights and batch order come from Java
 * seeded streams, not from the engine's random generator.
 */
public final class CausalLmTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(CausalLmTrainer.class);
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.98f;
    private static final float ADAM_EPS = 1e-8f;

    /** One example as token ids: the loss covers the continuation ids (which should end with the stop/EOS). */
    public record Example(int[] prompt, int[] continuation) {}

    /** @param losses mean continuation-token loss of each step */
    public record Report(List<Float> losses, double seconds) {
        public float firstLoss() {
            return losses.get(0);
        }

        /** Mean of the last tenth of steps, less noisy than the final step. */
        public float finalLoss() {
            int n = Math.max(1, losses.size() / 10);
            float sum = 0;
            for (int i = losses.size() - n; i < losses.size(); i++) {
                sum += losses.get(i);
            }
            return sum / n;
        }
    }

    private final DecoderConfig config;
    private final TrainingSettings settings;

    public CausalLmTrainer(DecoderConfig config, TrainingSettings settings) {
        this.config = config;
        this.settings = settings;
    }

    /** Trains from seeded random weights and writes the checkpoint (HF layout) to {@code output}. */
    public Report train(List<Example> examples, String tokenizerJson, Path output, IntConsumer progress) {
        CanonicalWeights init = CanonicalWeights.random(config, settings.seed(), 0.02);
        Random order = new Random(settings.seed() * 31 + 7);
        List<Float> losses = new ArrayList<>();
        long start = System.nanoTime();
        try (NDManager root = Engine.getEngine(DecoderLm.ENGINE).newBaseManager();
                DecoderWeights weights = new DecoderWeights(config, init, root, true)) {
            DecoderForward forward = new DecoderForward(weights);
            Map<String, NDArray> params = weights.parameters();
            Map<String, NDArray[]> moments = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, NDArray> p : params.entrySet()) {
                moments.put(p.getKey(), new NDArray[] {root.zeros(p.getValue().getShape()), root.zeros(p.getValue().getShape())});
            }
            for (int step = 0; step < settings.steps(); step++) {
                List<Example> batch = new ArrayList<>(settings.batchSize());
                for (int i = 0; i < settings.batchSize(); i++) {
                    batch.add(examples.get(order.nextInt(examples.size())));
                }
                try (NDManager stepManager = root.newSubManager()) {
                    losses.add(step(forward, weights, batch, stepManager));
                    update(params, moments, step, stepManager);
                }
                if (step % 100 == 0) {
                    LOG.info("step {} loss {}", step, losses.get(step));
                    progress.accept(step);
                }
            }
            DecoderLm.write(output, config, weights.toHost(), tokenizerJson);
        }
        return new Report(losses, (System.nanoTime() - start) / 1e9);
    }

    private float step(DecoderForward forward, DecoderWeights weights, List<Example> batch, NDManager step) {
        int b = batch.size();
        int length = batch.stream().mapToInt(e -> e.prompt().length + e.continuation().length).max().orElseThrow() - 1;
        int v = config.vocabSize();
        int[][] ids = new int[b][length];
        int[] prefixLengths = new int[b];
        float[] targets = new float[b * length * v];
        int count = 0;
        for (int r = 0; r < b; r++) {
            Example e = batch.get(r);
            int m = e.prompt().length;
            int[] seq = new int[m + e.continuation().length];
            System.arraycopy(e.prompt(), 0, seq, 0, m);
            System.arraycopy(e.continuation(), 0, seq, m, e.continuation().length);
            System.arraycopy(seq, 0, ids[r], 0, seq.length - 1);
            prefixLengths[r] = m;
            for (int i = 0; i < e.continuation().length; i++) {
                targets[(r * length + m + i - 1) * v + e.continuation()[i]] = 1f;
                count++;
            }
        }
        StepConstants k = new StepConstants(step);
        NDArray target = step.create(targets, new Shape(b, length, v));
        NDArray loss;
        try (GradientCollector collector = Engine.getEngine(DecoderLm.ENGINE).newGradientCollector()) {
            NDArray hidden = forward.hidden(ids, ChunkLayout.rightPadded(b, length, prefixLengths), null, ForwardHooks.NONE, k);
            NDArray logProbs = forward.logits(hidden, step).logSoftmax(-1);
            loss = logProbs.mul(target).sum().neg().mul(k.of(1f / count));
            collector.backward(loss);
        }
        return loss.getFloat();
    }

    /** Adam with global-norm clipping; runs outside the gradient collector, so in-place updates are allowed. */
    private void update(Map<String, NDArray> params, Map<String, NDArray[]> moments, int step, NDManager manager) {
        Map<String, NDArray> grads = new java.util.LinkedHashMap<>();
        double sq = 0;
        for (Map.Entry<String, NDArray> p : params.entrySet()) {
            NDArray g = p.getValue().getGradient();
            g.attach(manager);
            grads.put(p.getKey(), g);
            sq += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(sq);
        float clip = norm > settings.gradientClip() ? (float) (settings.gradientClip() / norm) : 1f;
        float lr = settings.learningRateAt(step);
        float bias1 = (float) (1 - Math.pow(BETA1, step + 1));
        float bias2 = (float) (1 - Math.pow(BETA2, step + 1));
        for (Map.Entry<String, NDArray> p : params.entrySet()) {
            NDArray g = grads.get(p.getKey()).mul(clip);
            NDArray[] mv = moments.get(p.getKey());
            mv[0].muli(BETA1).addi(g.mul(1 - BETA1));
            mv[1].muli(BETA2).addi(g.square().mul(1 - BETA2));
            // Start every temporary from a step-owned array so it is freed with the step, not kept by the moments' manager.
            NDArray firstMoment = g.zerosLike().addi(mv[0]).divi(bias1);
            NDArray secondMoment = g.zerosLike().addi(mv[1]).divi(bias2);
            NDArray update = firstMoment.div(secondMoment.sqrt().add(ADAM_EPS)).mul(lr);
            p.getValue().subi(update);
            // Gradients accumulate across backward passes in DJL 0.36: zero them in place.
            NDArray raw = grads.get(p.getKey());
            raw.subi(raw);
        }
    }
}
