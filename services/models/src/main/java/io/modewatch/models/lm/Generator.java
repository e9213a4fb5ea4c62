package io.modewatch.models.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batched sampling with a KV cache. Prompts of different lengths are left-padded: padding keys are
 * masked out and position ids start at each row's first real token, so a row's result does not
 * depend on what it was batched with (up to float rounding).
 */
public final class Generator {

    /** Any valid id; padded positions are never attended. */
    private static final int PAD = 0;

    private final DecoderLm lm;
    private final DecoderForward forward;
    private final Transcoders transcoders;

    public Generator(DecoderLm lm) {
        this(lm, null);
    }

    /** With transcoders, generation can be steered on features ({@link Steering.FeatureRescale}). */
    public Generator(DecoderLm lm, Transcoders transcoders) {
        this.lm = lm;
        this.forward = new DecoderForward(lm.weights());
        this.transcoders = transcoders;
    }

    public List<Continuation> generate(List<String> prompts, GenerationSettings settings) {
        return generate(prompts, settings, Steering.none());
    }

    public List<Continuation> generate(List<String> prompts, GenerationSettings settings, Steering steering) {
        List<int[]> ids = prompts.stream().map(p -> lm.tokenizer().encode(p)).toList();
        List<Continuation> raw = generateIds(ids, settings, steering);
        List<Continuation> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            Continuation c = raw.get(i);
            out.add(new Continuation(prompts.get(i), c.promptIds(), c.tokenIds(), c.text(), c.logProbs(), c.weight(), c.finish()));
        }
        return out;
    }

    public List<Continuation> generateIds(List<int[]> prompts, GenerationSettings settings, Steering steering) {
        int b = prompts.size();
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        if (prompts.stream().anyMatch(p -> p.length == 0)) {
            throw new IllegalArgumentException("empty prompt");
        }
        int total = longest + settings.maxNewTokens();
        if (total > lm.config().maxPositions()) {
            throw new IllegalArgumentException("prompt of " + longest + " tokens plus " + settings.maxNewTokens()
                    + " new tokens exceeds max positions " + lm.config().maxPositions());
        }
        int[][] tokens = new int[b][total];
        boolean[][] valid = new boolean[b][total];
        int[] pad = new int[b];
        for (int r = 0; r < b; r++) {
            pad[r] = longest - prompts.get(r).length;
            System.arraycopy(prompts.get(r), 0, tokens[r], pad[r], prompts.get(r).length);
            for (int t = pad[r]; t < longest; t++) {
                valid[r][t] = true;
            }
        }
        RowState[] rows = new RowState[b];
        for (int r = 0; r < b; r++) {
            // Distinct, reproducible stream per row: golden-ratio increments decorrelate neighbouring seeds.
            rows[r] = new RowState(prompts.get(r), new TokenSampler(settings.temperature(), settings.topP(),
                    settings.seed() + 0x9E3779B97F4A7C15L * (r + 1)));
        }
        ForwardHooks hooks = SteeringHooks.of(steering, lm.config(), transcoders);
        try (NDManager generation = lm.manager().newSubManager();
                KvCache cache = settings.kvCache() ? new KvCache(generation, lm.config().layers()) : null) {
            int length = longest;
            for (int step = 0; step < settings.maxNewTokens(); step++) {
                float[][] logits = nextLogits(generation, tokens, valid, pad, length, longest, cache, hooks);
                boolean anyOpen = false;
                for (int r = 0; r < b; r++) {
                    RowState row = rows[r];
                    int next = row.finished() ? PAD : row.sampler.sample(logits[r]);
                    tokens[r][length] = next;
                    valid[r][length] = true;
                    if (!row.finished()) {
                        row.accept(next, TokenSampler.logSoftmaxAt(logits[r], next), settings, lm);
                        anyOpen |= !row.finished();
                    }
                }
                length++;
                if (!anyOpen) {
                    break;
                }
            }
        }
        List<Continuation> out = new ArrayList<>(b);
        for (RowState row : rows) {
            out.add(row.result(lm));
        }
        return out;
    }

    private float[][] nextLogits(NDManager generation, int[][] tokens, boolean[][] valid, int[] pad, int length,
            int promptLength, KvCache cache, ForwardHooks hooks) {
        int b = tokens.length;
        int from = cache == null ? 0 : cache.past();
        int chunk = length - from;
        int[][] ids = new int[b][chunk];
        int[][] positions = new int[b][chunk];
        boolean[][] isPrefix = new boolean[b][chunk];
        boolean[][] keys = new boolean[b][length];
        for (int r = 0; r < b; r++) {
            for (int t = 0; t < chunk; t++) {
                ids[r][t] = tokens[r][from + t];
                positions[r][t] = Math.max(0, from + t - pad[r]);
                isPrefix[r][t] = from + t < promptLength;
            }
            System.arraycopy(valid[r], 0, keys[r], 0, length);
        }
        try (NDManager step = generation.newSubManager()) {
            StepConstants k = new StepConstants(step);
            NDArray hidden = forward.hidden(ids, new ChunkLayout(positions, isPrefix, keys), cache, hooks, k);
            float[] flat = forward.lastLogits(hidden, step).toFloatArray();
            int v = lm.config().vocabSize();
            float[][] out = new float[b][v];
            for (int r = 0; r < b; r++) {
                System.arraycopy(flat, r * v, out[r], 0, v);
            }
            return out;
        }
    }

    /** The continuation of one row as it grows. */
    private static final class RowState {
        private final int[] prompt;
        private final TokenSampler sampler;
        private final List<Integer> tokens = new ArrayList<>();
        private final List<Float> logProbs = new ArrayList<>();
        private String finish;
        private String text;

        RowState(int[] prompt, TokenSampler sampler) {
            this.prompt = prompt;
            this.sampler = sampler;
        }

        boolean finished() {
            return finish != null;
        }

        void accept(int token, float logProb, GenerationSettings settings, DecoderLm lm) {
            if (token == lm.config().eosTokenId()) {
                finish = "eos";
                return;
            }
            tokens.add(token);
            logProbs.add(logProb);
            String decoded = lm.tokenizer().decode(ids());
            for (String stop : settings.stopStrings()) {
                int at = decoded.indexOf(stop);
                if (at >= 0) {
                    // The token that completed the stop string is dropped with it, so the kept tokens
                    // are exactly what attribution will teacher-force.
                    tokens.remove(tokens.size() - 1);
                    logProbs.remove(logProbs.size() - 1);
                    finish = "stop";
                    text = decoded.substring(0, at).strip();
                    return;
                }
            }
            if (tokens.size() == settings.maxNewTokens()) {
                finish = "length";
            }
        }

        int[] ids() {
            return tokens.stream().mapToInt(Integer::intValue).toArray();
        }

        Continuation result(DecoderLm lm) {
            float[] lp = new float[logProbs.size()];
            for (int i = 0; i < lp.length; i++) {
                lp[i] = logProbs.get(i);
            }
            String t = text != null ? text : lm.tokenizer().decode(ids()).strip();
            return new Continuation(null, Arrays.copyOf(prompt, prompt.length), ids(), t, lp, Continuation.weightOf(lp),
                    finish == null ? "length" : finish);
        }
    }
}
