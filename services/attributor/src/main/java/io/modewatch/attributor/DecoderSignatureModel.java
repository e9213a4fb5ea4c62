package io.modewatch.attributor;

import io.modewatch.models.lm.AttributionSettings;
import io.modewatch.models.lm.Attributor;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.lm.Signature;
import io.modewatch.models.lm.TeacherForcedSequence;
import java.util.List;

/** Signatures from the DJL decoder: one forward and one backward pass per attribution batch. */
final class DecoderSignatureModel implements SignatureModel {

    private final DecoderLm lm;
    private final Attributor attributor;
    private final AttributionSettings settings;

    DecoderSignatureModel(DecoderLm lm, AttributionSettings settings) {
        this.lm = lm;
        this.attributor = new Attributor(lm);
        this.settings = settings;
    }

    @Override
    public int[] tokenize(String text) {
        return lm.tokenizer().encode(text);
    }

    @Override
    public int maxPositions() {
        return lm.config().maxPositions();
    }

    @Override
    public int vocabularySize() {
        return lm.config().vocabSize();
    }

    @Override
    public List<Signature> attribute(List<TeacherForcedSequence> sequences) {
        return attributor.attribute(sequences, settings);
    }
}
