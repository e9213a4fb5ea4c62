package io.modewatch.models.world;

import io.modewatch.models.lm.CausalLmTrainer;
import io.modewatch.models.lm.DecoderConfig;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.lm.TrainingSettings;
import io.modewatch.models.checkpoint.CheckpointException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The tiny GPT-2-shaped model of the door world: how it is trained, and where the committed one
 * lives (classpath {@code io/modewatch/models/tiny/}, copied out to a directory because the loader
 * reads Hugging Face checkpoint directories).
 */
public final class TinyWorldModel {

    public static final String RESOURCE_DIR = "io/modewatch/models/tiny/";
    static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json");
    public static final int CORPUS_SIZE = 20_000;

    private TinyWorldModel() {}

    public static DecoderConfig config(WordLevelVocabulary vocabulary) {
        return DecoderConfig.gpt2(vocabulary.size(), 64, 3, 4, 64)
                .withSpecialTokens(-1, vocabulary.id(WordLevelVocabulary.EOS));
    }

    /** Trains on the world's corpus and writes the checkpoint to {@code output}. */
    public static CausalLmTrainer.Report train(DoorWorld world, TrainingSettings settings, int corpusSize, Path output,
            IntConsumer progress) {
        WordLevelVocabulary vocabulary = world.vocabulary();
        List<CausalLmTrainer.Example> examples = world.trainingCorpus(corpusSize).stream()
                .map(e -> new CausalLmTrainer.Example(vocabulary.encode(e.prompt()),
                        vocabulary.encode(e.continuation() + " " + WordLevelVocabulary.EOS)))
                .toList();
        return new CausalLmTrainer(config(vocabulary), settings).train(examples, vocabulary.tokenizerJson(), output, progress);
    }

    /** The model location that means "the committed tiny model" wherever a checkpoint directory is asked for. */
    public static final String BUILTIN_LOCATION = "builtin:tiny";
    /** Model id and version the committed model is published under. */
    public static final String BUILTIN_MODEL_ID = "modewatch-tiny-door-world";
    public static final String BUILTIN_MODEL_VERSION = "committed";

    /**
     * Loads the monitored model at a location: {@link #BUILTIN_LOCATION}, or a Hugging Face checkpoint
     * directory. One rule for every service that runs the monitored model (sampler, attributor), so
     * they always mean the same model by the same setting.
     */
    public static DecoderLm open(String location) {
        if (location.equals(BUILTIN_LOCATION)) {
            return loadCommitted();
        }
        Path dir = Path.of(location);
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException("No model at '" + location + "': expected a Hugging Face checkpoint"
                    + " directory (config.json, *.safetensors, tokenizer.json) or " + BUILTIN_LOCATION);
        }
        return DecoderLm.load(dir);
    }

    /** Loads the committed model (copied from the classpath into a fresh temporary directory). */
    public static DecoderLm loadCommitted() {
        try {
            Path dir = Files.createTempDirectory("modewatch-tiny-");
            for (String file : FILES) {
                try (InputStream in = TinyWorldModel.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + file)) {
                    if (in == null) {
                        throw new CheckpointException("the committed tiny model is missing " + RESOURCE_DIR + file
                                + "; train it with `modewatch model train`");
                    }
                    Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
                dir.resolve(file).toFile().deleteOnExit();
            }
            dir.toFile().deleteOnExit();
            return DecoderLm.load(dir);
        } catch (IOException e) {
            throw new CheckpointException("cannot copy the committed tiny model: " + e.getMessage(), e);
        }
    }
}
