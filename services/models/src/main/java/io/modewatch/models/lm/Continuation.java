package io.modewatch.models.lm;

/**
 * One sampled continuation.
 *
 * @param tokenIds continuation tokens, without the token that completed a stop string or the EOS
 * @param text decoded continuation, cut before the stop string
 * @param logProbs log p(y_t | x, y_<t) of each kept token under the model (temperature 1, no top-p)
 * @param weight P_n = exp(mean log p), in (0, 1]; 1 for an empty continuation
 * @param finish why generation ended: "stop", "eos" or "length"
 */
public record Continuation(String prompt, int[] promptIds, int[] tokenIds, String text, float[] logProbs, double weight,
        String finish) {

    public TeacherForcedSequence asSequence() {
        return new TeacherForcedSequence(promptIds, tokenIds);
    }

    static double weightOf(float[] logProbs) {
        if (logProbs.length == 0) {
            return 1.0;
        }
        double sum = 0;
        for (float lp : logProbs) {
            sum += lp;
        }
        return Math.exp(sum / logProbs.length);
    }
}
