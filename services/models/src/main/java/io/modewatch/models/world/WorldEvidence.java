package io.modewatch.models.world;

import io.modewatch.models.embedding.SentenceEmbedder;
import io.modewatch.models.lm.AttributionSettings;
import io.modewatch.models.lm.Attributor;
import io.modewatch.models.lm.Continuation;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.lm.GenerationSettings;
import io.modewatch.models.lm.Generator;
import io.modewatch.models.lm.Signature;
import io.modewatch.models.lm.Steering;
import io.modewatch.models.lm.TeacherForcedSequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Measures whether a model learned the world: each mode at its trained rate, and the recall-vs-copy
 * pair (identical text) separated by signature but not by embedding. Used by the tests and by
 * {@code modewatch model evidence}.
 */
public final class WorldEvidence {

    private final DoorWorld world;
    private final DecoderLm lm;

    public WorldEvidence(DoorWorld world, DecoderLm lm) {
        this.world = world;
        this.lm = lm;
    }

    /** Share of each mode among sampled continuations (T=1, no nucleus cut: the model's own distribution). */
    public Map<String, Double> modeRates(PromptVariant variant, int samples, long seed) {
        Random random = new Random(seed);
        List<TrafficEvent> events = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            events.add(world.prompt(variant, random, i, 0));
        }
        GenerationSettings settings = new GenerationSettings(1f, 1f, 8, List.of(DoorWorld.STOP), seed, true);
        List<Continuation> out = new ArrayList<>();
        for (int from = 0; from < samples; from += 32) {
            List<String> prompts = events.subList(from, Math.min(samples, from + 32)).stream().map(TrafficEvent::prompt).toList();
            out.addAll(new Generator(lm).generate(prompts, settings.withSeed(seed + from)));
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int i = 0; i < samples; i++) {
            rates.merge(DoorWorld.modeOf(events.get(i).attributes(), out.get(i).text()), 1.0 / samples, Double::sum);
        }
        return rates;
    }

    /** Fraction of greedy continuations equal to the variant's expected text. */
    public double greedyExactMatch(PromptVariant variant, int prompts, long seed) {
        Random random = new Random(seed);
        List<TrafficEvent> events = new ArrayList<>();
        for (int i = 0; i < prompts; i++) {
            events.add(world.prompt(variant, random, i, 0));
        }
        List<Continuation> out = new Generator(lm).generate(events.stream().map(TrafficEvent::prompt).toList(),
                new GenerationSettings(0f, 1f, 8, List.of(DoorWorld.STOP), seed, true));
        int hits = 0;
        for (int i = 0; i < prompts; i++) {
            hits += out.get(i).text().equals(events.get(i).attributes().get("expected_text")) ? 1 : 0;
        }
        return (double) hits / prompts;
    }

    /** One teacher-forced example of the mechanism study, with its ground truth. */
    public record MechanismExample(String door, int surface, String group, String mechanism, String prompt, String text,
            boolean greedyMatches) {}

    /**
     * For every door and surface: the plain question (recall), a distractor note (recall), the
     * coincident note (copy, same text as recall) and a poisoned note (copy, other text).
     */
    public List<MechanismExample> mechanismExamples(long seed) {
        Random random = new Random(seed);
        List<MechanismExample> out = new ArrayList<>();
        for (String door : world.doors()) {
            for (int surface = 0; surface < DoorWorld.SURFACES.size(); surface++) {
                String question = world.question(door, surface);
                String memorised = world.memorisedCode(door);
                String other = world.doors().get((world.doors().indexOf(door) + 1 + random.nextInt(world.doors().size() - 1))
                        % world.doors().size());
                String poison = randomCode(random, memorised);
                out.add(example(door, surface, "plain", "recall", question, DoorWorld.answer(memorised)));
                out.add(example(door, surface, "distractor", "recall",
                        DoorWorld.note(other, randomCode(random, "")) + " " + question, DoorWorld.answer(memorised)));
                out.add(example(door, surface, "coincident", "copy", DoorWorld.note(door, memorised) + " " + question,
                        DoorWorld.answer(memorised)));
                out.add(example(door, surface, "poisoned", "copy", DoorWorld.note(door, poison) + " " + question,
                        DoorWorld.answer(poison)));
            }
        }
        List<Continuation> greedy = new Generator(lm).generate(out.stream().map(MechanismExample::prompt).toList(),
                new GenerationSettings(0f, 1f, 8, List.of(DoorWorld.STOP), seed, true));
        List<MechanismExample> checked = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            MechanismExample e = out.get(i);
            checked.add(new MechanismExample(e.door(), e.surface(), e.group(), e.mechanism(), e.prompt(), e.text(),
                    greedy.get(i).text().equals(e.text())));
        }
        return checked;
    }

    private static MechanismExample example(String door, int surface, String group, String mechanism, String prompt, String text) {
        return new MechanismExample(door, surface, group, mechanism, prompt, text, false);
    }

    /**
     * @param pairSignatureDistance mean L2 distance between the plain (recall) and coincident (copy)
     *     signature of the same door and surface, where the text is identical
     * @param sameMechanismDistance mean L2 distance between plain and distractor signatures (both recall)
     * @param pairEmbeddingDistance mean L2 distance between the continuation embeddings of the same pairs
     * @param mechanismAccuracy recall-vs-copy accuracy of the nearest mechanism centroid over all four
     *     groups, each door held out in turn; a detector of "is there a note" alone scores 0.75
     * @param identicalTextAccuracy plain vs coincident (identical text, recall vs copy), doors held out
     * @param noteControlledAccuracy distractor vs coincident: identical text, a note in both, only the
     *     mechanism differs; the cleanest test of a mechanistic signal
     * @param greedyIdentical fraction of pairs whose greedy outputs are both the identical expected text
     */
    public record Separation(double pairSignatureDistance, double sameMechanismDistance, double pairEmbeddingDistance,
            double mechanismAccuracy, double identicalTextAccuracy, double noteControlledAccuracy, double greedyIdentical,
            int pairs) {}

    public Separation separation(List<MechanismExample> examples, AttributionSettings settings, SentenceEmbedder embedder) {
        List<TeacherForcedSequence> seqs = examples.stream()
                .map(e -> new TeacherForcedSequence(lm.tokenizer().encode(e.prompt()), lm.tokenizer().encode(e.text())))
                .toList();
        List<Signature> signatures = new Attributor(lm).attribute(seqs, settings);
        List<float[]> dense = signatures.stream().map(Signature::dense).toList();
        float[][] embeddings = embedder.embed(examples.stream().map(MechanismExample::text).toList());
        double pair = 0;
        double same = 0;
        double embedding = 0;
        int pairs = 0;
        int identical = 0;
        for (int i = 0; i + 3 < examples.size(); i += 4) {
            // Groups come in the order plain, distractor, coincident, poisoned per (door, surface).
            pair += distance(dense.get(i), dense.get(i + 2));
            same += distance(dense.get(i), dense.get(i + 1));
            embedding += distance(embeddings[i], embeddings[i + 2]);
            identical += examples.get(i).greedyMatches() && examples.get(i + 2).greedyMatches() ? 1 : 0;
            pairs++;
        }
        return new Separation(pair / pairs, same / pairs, embedding / pairs,
                heldOutAccuracy(examples, dense, MechanismExample::mechanism, e -> true),
                heldOutAccuracy(examples, dense, MechanismExample::group, e -> Set.of("plain", "coincident").contains(e.group())),
                heldOutAccuracy(examples, dense, MechanismExample::group, e -> Set.of("distractor", "coincident").contains(e.group())),
                (double) identical / pairs, pairs);
    }

    /** Nearest-centroid accuracy of {@code label} among the included examples, each door held out in turn. */
    private double heldOutAccuracy(List<MechanismExample> examples, List<float[]> dense,
            Function<MechanismExample, String> label, Predicate<MechanismExample> include) {
        int correct = 0;
        int total = 0;
        for (String heldOut : world.doors()) {
            Map<String, double[]> sums = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (int i = 0; i < examples.size(); i++) {
                MechanismExample e = examples.get(i);
                if (e.door().equals(heldOut) || !include.test(e)) {
                    continue;
                }
                double[] c = sums.computeIfAbsent(label.apply(e), k -> new double[dense.get(0).length]);
                for (int j = 0; j < c.length; j++) {
                    c[j] += dense.get(i)[j];
                }
                counts.merge(label.apply(e), 1, Integer::sum);
            }
            for (int i = 0; i < examples.size(); i++) {
                MechanismExample e = examples.get(i);
                if (!e.door().equals(heldOut) || !include.test(e)) {
                    continue;
                }
                String best = null;
                double bestDistance = Double.MAX_VALUE;
                for (Map.Entry<String, double[]> c : sums.entrySet()) {
                    double d = 0;
                    int n = counts.get(c.getKey());
                    for (int j = 0; j < c.getValue().length; j++) {
                        double x = dense.get(i)[j] - c.getValue()[j] / n;
                        d += x * x;
                    }
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = c.getKey();
                    }
                }
                correct += label.apply(e).equals(best) ? 1 : 0;
                total++;
            }
        }
        return (double) correct / total;
    }

    /**
     * Mean change of the summed target on the other members of a group when steering with the top-B
     * units of one member's signature by {@code 1 + eps * sign}: the paper's interventional check.
     */
    public double steeringEffect(List<MechanismExample> members, AttributionSettings settings, int topB, float eps) {
        List<TeacherForcedSequence> seqs = members.stream()
                .map(e -> new TeacherForcedSequence(lm.tokenizer().encode(e.prompt()), lm.tokenizer().encode(e.text())))
                .toList();
        Attributor attributor = new Attributor(lm);
        Signature source = attributor.attribute(seqs.subList(0, 1), settings).get(0);
        List<TeacherForcedSequence> heldOut = seqs.subList(1, seqs.size());
        double[] base = attributor.targets(heldOut, Steering.none(), 16);
        double[] steered = attributor.targets(heldOut, Steering.fromSignature(source, topB, eps, settings.sources()), 16);
        double change = 0;
        for (int i = 0; i < base.length; i++) {
            change += (steered[i] - base[i]) / base.length;
        }
        return change;
    }

    static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static String randomCode(Random random, String except) {
        String c;
        do {
            c = random.nextInt(10) + " " + random.nextInt(10) + " " + random.nextInt(10);
        } while (c.equals(except));
        return c;
    }
}
