package io.modewatch.models.lm;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Temperature and nucleus (top-p) sampling over one row of logits, on the heap, from a seeded stream. */
final class TokenSampler {

    private final float temperature;
    private final float topP;
    private final SplittableRandom random;

    TokenSampler(float temperature, float topP, long seed) {
        this.temperature = temperature;
        this.topP = topP;
        this.random = new SplittableRandom(seed);
    }

    int sample(float[] logits) {
        if (temperature == 0f) {
            return argmax(logits);
        }
        int v = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[v];
        double total = 0;
        for (int i = 0; i < v; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            total += p[i];
        }
        Integer[] order = new Integer[v];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        // Smallest prefix of the sorted distribution whose mass reaches topP (at least one token).
        double kept = 0;
        int n = 0;
        while (n < v && (n == 0 || kept < topP * total)) {
            kept += p[order[n]];
            n++;
        }
        double u = random.nextDouble() * kept;
        for (int i = 0; i < n; i++) {
            u -= p[order[i]];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[n - 1];
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    static float logSoftmaxAt(float[] logits, int index) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        return (float) (logits[index] - max - Math.log(sum));
    }
}
