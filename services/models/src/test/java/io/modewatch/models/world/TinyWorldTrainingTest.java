package io.modewatch.models.world;

import static org.assertj.core.api.Assertions.assertThat;

import io.modewatch.models.lm.CausalLmTrainer;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.lm.TrainingSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyWorldTrainingTest {

    @TempDir
    Path dir;

    @Test
    void theTrainerReducesTheLossAndWritesACheckpointTheLoaderReads() {
        DoorWorld world = new DoorWorld(DoorWorld.DEFAULT_SEED);
        CausalLmTrainer.Report report = TinyWorldModel.train(world, TrainingSettings.tinyWorld().withSteps(40).withBatchSize(32), 1000, dir, s -> {});
        assertThat(report.finalLoss()).isLessThan(0.6f * report.firstLoss());
        try (DecoderLm lm = DecoderLm.load(dir)) {
            assertThat(lm.config()).isEqualTo(TinyWorldModel.config(world.vocabulary()));
            assertThat(lm.tokenizer().decode(lm.tokenizer().encode("the code is 4 1 7"))).isEqualTo("the code is 4 1 7");
        }
    }

    @Test
    void trainingIsDeterministic() {
        DoorWorld world = new DoorWorld(DoorWorld.DEFAULT_SEED);
        TrainingSettings settings = TrainingSettings.tinyWorld().withSteps(3).withBatchSize(16);
        CausalLmTrainer.Report a = TinyWorldModel.train(world, settings, 200, dir.resolve("a"), s -> {});
        CausalLmTrainer.Report b = TinyWorldModel.train(world, settings, 200, dir.resolve("b"), s -> {});
        assertThat(a.losses()).isEqualTo(b.losses());
    }
}
