package io.modewatch.models.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AttributorTest {

    private static DecoderLm gpt2;
    private static DecoderLm llama;

    @BeforeAll
    static void loadModels() {
        gpt2 = TestModels.model(TestModels.gpt2Config(), 11);
        llama = TestModels.model(TestModels.llamaConfig(), 12);
    }

    @AfterAll
    static void closeModels() {
        gpt2.close();
        llama.close();
    }

    static Stream<Arguments> familiesAndSources() {
        List<Arguments> out = new ArrayList<>();
        for (String family : List.of("gpt2", "llama")) {
            for (SourcePositions s : SourcePositions.values()) {
                out.add(Arguments.of(family, s));
            }
        }
        return out.stream();
    }

    private static DecoderLm model(String family) {
        return family.equals("gpt2") ? gpt2 : llama;
    }

    /** Continuations of one prefix, of different lengths, so batches are padded. */
    private static List<TeacherForcedSequence> sequences(int count, long seed) {
        Random random = new Random(seed);
        int[] prefix = TestModels.randomIds(random, 9);
        List<TeacherForcedSequence> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new TeacherForcedSequence(prefix, TestModels.randomIds(random, 3 + random.nextInt(5))));
        }
        return out;
    }

    private static AttributionSettings dense(SourcePositions sources) {
        return new AttributionSettings(sources, false, 0, 4);
    }

    @ParameterizedTest(name = "{0}, sources {1}")
    @MethodSource("familiesAndSources")
    void oneForwardAndOneBackwardPassEqualTheSumOfPerTokenAttributions(String family, SourcePositions sources) {
        Attributor attributor = new Attributor(model(family));
        List<TeacherForcedSequence> seqs = sequences(5, 3);
        List<Signature> onePass = attributor.attribute(seqs, dense(sources));
        List<Signature> perToken = attributor.attributePerToken(seqs, dense(sources));
        for (int s = 0; s < seqs.size(); s++) {
            float[] a = onePass.get(s).dense();
            float[] b = perToken.get(s).dense();
            double scale = maxAbs(b);
            assertThat(scale).isGreaterThan(1e-3);
            for (int j = 0; j < a.length; j++) {
                assertThat((double) a[j]).isCloseTo(b[j], within(2e-5 * scale + 1e-6));
            }
            assertThat(onePass.get(s).target()).isCloseTo(perToken.get(s).target(), within(1e-3));
        }
    }

    @Test
    void theTargetIsTheSumOfDemeanedLogitsOfTheContinuationReadAtThePredictingPositions() {
        TeacherForcedSequence seq = sequences(1, 4).get(0);
        int[] ids = seq.ids();
        float[][] logits = gpt2.logits(ids);
        double expected = 0;
        int m = seq.prefixIds().length;
        for (int i = 0; i < seq.continuationIds().length; i++) {
            float[] row = logits[m + i - 1];
            double mean = 0;
            for (float l : row) {
                mean += l;
            }
            expected += row[seq.continuationIds()[i]] - mean / row.length;
        }
        double[] targets = new Attributor(gpt2).targets(List.of(seq), Steering.none(), 4);
        assertThat(targets[0]).isCloseTo(expected, within(1e-3));
    }

    @ParameterizedTest
    @MethodSource("families")
    void theAttributionMatchesAFiniteDifferenceOfTheTarget(String family) {
        DecoderLm lm = model(family);
        Attributor attributor = new Attributor(lm);
        List<TeacherForcedSequence> seq = sequences(1, 5);
        // With every position a source, unit j's attribution is d target / d eps of scaling j by (1 + eps).
        Signature signature = attributor.attribute(seq, dense(SourcePositions.ALL)).get(0);
        float[] a = signature.dense();
        int[] checked = {argMaxAbs(a), new Random(2).nextInt(a.length)};
        int ffn = lm.config().intermediateSize();
        float eps = 1e-2f;
        for (int unit : checked) {
            double finiteDifference = centralDifference(attributor, seq, eps, factor -> rescale(unit, ffn, factor));
            assertThat(finiteDifference).isCloseTo(a[unit], within(0.02 * Math.abs(a[argMaxAbs(a)]) + 1e-4));
        }
    }

    static Stream<String> families() {
        return Stream.of("gpt2", "llama");
    }

    private static Steering rescale(int unit, int ffn, float factor) {
        return new Steering(List.of(new Steering.UnitRescale(unit / ffn, unit % ffn, factor)), List.of(), SourcePositions.ALL);
    }

    @ParameterizedTest
    @MethodSource("families")
    void ablatingTheTopAttributedUnitsLowersTheTargetMoreThanAblatingRandomUnits(String family) {
        DecoderLm lm = model(family);
        Attributor attributor = new Attributor(lm);
        List<TeacherForcedSequence> seqs = sequences(4, 6);
        int ffn = lm.config().intermediateSize();
        int units = 8;
        Random random = new Random(9);
        for (int s = 0; s < seqs.size(); s++) {
            List<TeacherForcedSequence> one = List.of(seqs.get(s));
            float[] a = attributor.attribute(one, dense(SourcePositions.ALL)).get(0).dense();
            double base = attributor.targets(one, Steering.none(), 1)[0];
            int[] top = topByValue(a, units);
            double topDrop = base - attributor.targets(one, Steering.ablate(top, ffn, SourcePositions.ALL), 1)[0];
            double randomDrop = 0;
            int draws = 5;
            for (int d = 0; d < draws; d++) {
                int[] pick = random.ints(0, a.length).distinct().limit(units).toArray();
                randomDrop += (base - attributor.targets(one, Steering.ablate(pick, ffn, SourcePositions.ALL), 1)[0]) / draws;
            }
            assertThat(topDrop).as("sequence %d", s).isGreaterThan(0).isGreaterThan(randomDrop);
        }
    }

    @ParameterizedTest
    @MethodSource("families")
    void steeringTheTopUnitsWithPositiveEpsRaisesTheTargetAndNegativeEpsLowersIt(String family) {
        Attributor attributor = new Attributor(model(family));
        List<TeacherForcedSequence> one = sequences(1, 7);
        Signature signature = attributor.attribute(one, dense(SourcePositions.ALL)).get(0);
        double base = attributor.targets(one, Steering.none(), 1)[0];
        double raised = attributor.targets(one, Steering.fromSignature(signature, 10, 0.5f, SourcePositions.ALL), 1)[0];
        double lowered = attributor.targets(one, Steering.fromSignature(signature, 10, -0.5f, SourcePositions.ALL), 1)[0];
        assertThat(raised).isGreaterThan(base);
        assertThat(lowered).isLessThan(base);
    }

    @Test
    void forcedGarbageCollectionsBetweenForwardAndBackwardGiveBitIdenticalGradients() {
        for (DecoderLm lm : List.of(gpt2, llama)) {
            Attributor attributor = new Attributor(lm);
            List<TeacherForcedSequence> seqs = sequences(6, 8);
            List<Signature> calm = attributor.attribute(seqs, dense(SourcePositions.ALL));
            attributor.beforeBackward(() -> {
                for (int i = 0; i < 3; i++) {
                    byte[][] garbage = new byte[64][];
                    for (int g = 0; g < garbage.length; g++) {
                        garbage[g] = new byte[1 << 16];
                    }
                    System.gc();
                    System.runFinalization();
                }
            });
            List<Signature> stressed = attributor.attribute(seqs, dense(SourcePositions.ALL));
            attributor.beforeBackward(() -> {});
            for (int s = 0; s < seqs.size(); s++) {
                assertThat(stressed.get(s).dense()).containsExactly(calm.get(s).dense());
                assertThat(stressed.get(s).dense()).doesNotContain(Float.NaN);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("families")
    void attentionHeadUnitsMatchTheirPerTokenSumAndAFiniteDifferenceOfRescalingTheHead(String family) {
        DecoderLm lm = model(family);
        Attributor attributor = new Attributor(lm);
        List<TeacherForcedSequence> seqs = sequences(3, 13);
        AttributionSettings settings = dense(SourcePositions.ALL).withAttentionHeads(true);
        List<Signature> onePass = attributor.attribute(seqs, settings);
        List<Signature> perToken = attributor.attributePerToken(seqs, settings);
        int mlp = lm.config().mlpUnits();
        Signature first = onePass.get(0);
        assertThat(first.dimension()).isEqualTo(mlp + lm.config().layers() * lm.config().heads());
        for (int s = 0; s < seqs.size(); s++) {
            float[] a = onePass.get(s).dense();
            float[] b = perToken.get(s).dense();
            for (int j = mlp; j < a.length; j++) {
                assertThat((double) a[j]).isCloseTo(b[j], within(2e-5 * maxAbs(b) + 1e-6));
            }
        }
        float[] a = first.dense();
        int best = mlp;
        for (int j = mlp; j < a.length; j++) {
            best = Math.abs(a[j]) > Math.abs(a[best]) ? j : best;
        }
        assertThat(first.isHead(best)).isTrue();
        float eps = 1e-2f;
        List<TeacherForcedSequence> one = seqs.subList(0, 1);
        int head = best;
        assertThat(centralDifference(attributor, one, eps, factor -> headRescale(first, head, factor))).isCloseTo(a[best], within(0.02 * Math.abs(a[best]) + 1e-4));
    }

    /** d target / d eps of the steering at factor 1 + eps, by central difference. */
    private static double centralDifference(Attributor attributor, List<TeacherForcedSequence> one, float eps,
            java.util.function.Function<Float, Steering> steeringAt) {
        double up = attributor.targets(one, steeringAt.apply(1 + eps), 1)[0];
        double down = attributor.targets(one, steeringAt.apply(1 - eps), 1)[0];
        return (up - down) / (2 * eps);
    }

    private static Steering headRescale(Signature s, int unit, float factor) {
        return new Steering(List.of(), List.of(new Steering.HeadRescale(s.layerOf(unit), s.indexInLayer(unit), factor)),
                List.of(), SourcePositions.ALL);
    }

    @Test
    void topKKeepsTheLargestUnitsAndL2NormalisationGivesUnitNorm() {
        Attributor attributor = new Attributor(llama);
        List<TeacherForcedSequence> one = sequences(1, 10);
        float[] full = attributor.attribute(one, dense(SourcePositions.CONTINUATION)).get(0).dense();
        Signature sparse = attributor.attribute(one, new AttributionSettings(SourcePositions.CONTINUATION, true, 5, 4)).get(0);
        assertThat(sparse.units()).hasSize(5).isSorted();
        double norm = sparse.norm();
        float smallestKept = Float.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            assertThat((double) sparse.values()[i]).isCloseTo(full[sparse.units()[i]] / norm, within(1e-5));
            smallestKept = Math.min(smallestKept, Math.abs(full[sparse.units()[i]]));
        }
        int larger = 0;
        for (float v : full) {
            if (Math.abs(v) > smallestKept) {
                larger++;
            }
        }
        assertThat(larger).isEqualTo(4);
        Signature normalised = attributor.attribute(one, new AttributionSettings(SourcePositions.CONTINUATION, true, 0, 4)).get(0);
        double sq = 0;
        for (float v : normalised.values()) {
            sq += v * v;
        }
        assertThat(sq).isCloseTo(1.0, within(1e-4));
    }

    private static int[] topByValue(float[] a, int n) {
        Integer[] order = new Integer[a.length];
        java.util.Arrays.setAll(order, i -> i);
        java.util.Arrays.sort(order, (x, y) -> Float.compare(a[y], a[x]));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private static int argMaxAbs(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (Math.abs(a[i]) > Math.abs(a[best])) {
                best = i;
            }
        }
        return best;
    }

    private static double maxAbs(float[] a) {
        return Math.abs(a[argMaxAbs(a)]);
    }
}
