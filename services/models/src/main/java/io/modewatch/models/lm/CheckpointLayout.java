package io.modewatch.models.lm;

import io.modewatch.models.checkpoint.HostTensor;
import java.util.Map;

/** How one model family names and orients its tensors in a Hugging Face checkpoint. */
interface CheckpointLayout {

    CanonicalWeights read(Map<String, HostTensor> checkpoint, DecoderConfig config);

    Map<String, HostTensor> write(CanonicalWeights weights, DecoderConfig config);

    static CheckpointLayout of(ArchitectureFamily family) {
        return family == ArchitectureFamily.GPT2 ? new Gpt2Layout() : new LlamaLayout();
    }
}
