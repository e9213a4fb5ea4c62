package io.modewatch.models.lm;

/**
 * Settings of the deterministic trainer: Adam with linear warm-up and linear decay to
 * {@code finalLearningRateFraction} (decay mattered for exact copying in the spike, DESIGN.md §4).
 */
public record TrainingSettings(int steps, int batchSize, float learningRate, float finalLearningRateFraction,
        int warmupSteps, float gradientClip, long seed) {

    public static TrainingSettings tinyWorld() {
        return new TrainingSettings(3000, 64, 3e-3f, 0.05f, 100, 1.0f, 2L);
    }

    public TrainingSettings withSteps(int n) {
        return new TrainingSettings(n, batchSize, learningRate, finalLearningRateFraction, Math.min(warmupSteps, n / 4),
                gradientClip, seed);
    }

    public TrainingSettings withBatchSize(int b) {
        return new TrainingSettings(steps, b, learningRate, finalLearningRateFraction, warmupSteps, gradientClip, seed);
    }

    public TrainingSettings withSeed(long s) {
        return new TrainingSettings(steps, batchSize, learningRate, finalLearningRateFraction, warmupSteps, gradientClip, s);
    }

    float learningRateAt(int step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / Math.max(1, steps - warmupSteps);
        return (float) (learningRate * (1 - (1 - finalLearningRateFraction) * progress));
    }
}
