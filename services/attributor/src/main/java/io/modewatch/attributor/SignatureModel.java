package io.modewatch.attributor;

import io.modewatch.models.lm.Signature;
import io.modewatch.models.lm.TeacherForcedSequence;
import java.util.List;

/** The monitored model as the attributor sees it; an interface so the batch function is tested without DJL. */
interface SignatureModel {

    int[] tokenize(String text);

    /** Longest prefix plus continuation the model takes, in tokens. */
    int maxPositions();

    int vocabularySize();

    /** One signature per sequence, in order. */
    List<Signature> attribute(List<TeacherForcedSequence> sequences);
}
