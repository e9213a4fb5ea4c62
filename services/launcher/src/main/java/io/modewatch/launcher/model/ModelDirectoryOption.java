package io.modewatch.launcher.model;

import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.world.TinyWorldModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model} option shared by the model-layer commands: a checkpoint directory, or the committed tiny model. */
public final class ModelDirectoryOption {

    @Option(names = "--model", description = "Hugging Face checkpoint directory (default: the committed tiny world model).")
    Path directory;

    public DecoderLm open() {
        return directory == null ? TinyWorldModel.loadCommitted() : DecoderLm.load(directory);
    }

    public String describe(DecoderLm lm) {
        return (directory == null ? "committed tiny world model" : directory.toString())
                + " (" + lm.config().modelType() + ", " + lm.config().layers() + " layers, d=" + lm.config().hiddenSize()
                + ", mlp=" + lm.config().intermediateSize() + ", vocab=" + lm.config().vocabSize() + ")";
    }
}
