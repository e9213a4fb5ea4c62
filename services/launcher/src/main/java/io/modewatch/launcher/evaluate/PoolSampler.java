package io.modewatch.launcher.evaluate;

import io.modewatch.attributor.AttributorConfig;
import io.modewatch.clustering.SparseSignature;
import io.modewatch.embedder.EmbedderConfig;
import io.modewatch.models.embedding.SentenceEmbedder;
import io.modewatch.models.lm.AttributionSettings;
import io.modewatch.models.lm.Attributor;
import io.modewatch.models.lm.Continuation;
import io.modewatch.models.lm.DecoderLm;
import io.modewatch.models.lm.GenerationSettings;
import io.modewatch.models.lm.Generator;
import io.modewatch.models.lm.Signature;
import io.modewatch.models.lm.TeacherForcedSequence;
import io.modewatch.models.world.DoorWorld;
import io.modewatch.models.world.PromptVariant;
import io.modewatch.models.world.TinyWorldModel;
import io.modewatch.models.world.TrafficEvent;
import io.modewatch.sampler.SamplerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Computes an evaluation pool with the models and default settings of the services: the sampler's
 * model and decoding settings, the embedder's MiniLM, the attributor's signature settings. Prompts
 * are batched across prompts here (the sampler batches one prompt's samples), which changes which
 * random numbers a prompt gets but not the distribution its continuations come from.
 */
final class PoolSampler implements AutoCloseable {

    /** Prompts per variant and their continuations: enough distinct prompts that a scenario rarely repeats one. */
    static final Map<PromptVariant, Integer> PROMPTS = new LinkedHashMap<>();

    static {
        PROMPTS.put(PromptVariant.PLAIN, 600);
        PROMPTS.put(PromptVariant.DISTRACTOR, 600);
        PROMPTS.put(PromptVariant.ADMIN, 250);
        PROMPTS.put(PromptVariant.COINCIDENT, 250);
        PROMPTS.put(PromptVariant.URGENT, 250);
    }

    private static final int BATCH_PROMPTS = 16;

    private final DecoderLm lm;
    private final SentenceEmbedder embedder;
    private final GenerationSettings generation;
    private final AttributionSettings attribution;
    private final int samplesPerPrompt;
    private final Map<String, float[]> embeddingsByText = new HashMap<>();

    PoolSampler() {
        SamplerConfig sampler = sampler();
        this.lm = TinyWorldModel.open(sampler.modelDirectory());
        this.embedder = embedderConfig().loadEmbedder();
        this.generation = sampler.generation();
        this.attribution = attributor().attribution();
        this.samplesPerPrompt = sampler.continuationsPerPrompt();
    }

    /** The model services' own settings the user exported (the rest are their defaults). */
    static Map<String, String> chosen() {
        Map<String, String> chosen = new LinkedHashMap<>();
        chosen.putAll(ServiceDefaults.chosen(SamplerConfig.settings(), System.getenv()));
        chosen.putAll(ServiceDefaults.chosen(EmbedderConfig.settings(), System.getenv()));
        chosen.putAll(ServiceDefaults.chosen(AttributorConfig.settings(), System.getenv()));
        return chosen;
    }

    private static SamplerConfig sampler() {
        return SamplerConfig.from(ServiceDefaults.with(ServiceDefaults.chosen(SamplerConfig.settings(), System.getenv())));
    }

    private static EmbedderConfig embedderConfig() {
        return EmbedderConfig.from(ServiceDefaults.with(ServiceDefaults.chosen(EmbedderConfig.settings(), System.getenv())));
    }

    private static AttributorConfig attributor() {
        return AttributorConfig.from(ServiceDefaults.with(ServiceDefaults.chosen(AttributorConfig.settings(), System.getenv())));
    }

    /** Everything the pool's content depends on, for the cache file's name; known without loading a model. */
    static String fingerprint() {
        SamplerConfig sampler = sampler();
        return sampler.modelDirectory() + "|" + sampler.modelId() + "|" + sampler.modelVersion() + "|"
                + sampler.generation().withSeed(0) + "|" + sampler.continuationsPerPrompt() + "|"
                + embedderConfig().embedderDirectory() + "|" + embedderConfig().embedderId() + "|"
                + attributor().attribution() + "|" + PROMPTS + "|" + BATCH_PROMPTS;
    }

    EvaluationPool sample(long seed, Consumer<String> progress) {
        DoorWorld world = new DoorWorld(DoorWorld.DEFAULT_SEED);
        Random random = new Random(seed);
        Map<String, List<PoolPrompt>> byVariant = new LinkedHashMap<>();
        int total = PROMPTS.values().stream().mapToInt(Integer::intValue).sum();
        int done = 0;
        for (Map.Entry<PromptVariant, Integer> entry : PROMPTS.entrySet()) {
            List<PoolPrompt> prompts = new ArrayList<>();
            for (int from = 0; from < entry.getValue(); from += BATCH_PROMPTS) {
                int n = Math.min(BATCH_PROMPTS, entry.getValue() - from);
                List<TrafficEvent> events = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    events.add(world.prompt(entry.getKey(), random, from + i, 0));
                }
                prompts.addAll(batch(events, seed * 1_000_003L + done + from));
                progress.accept(String.format("  seed %d: %s %d/%d prompts (%d of %d in all)", seed,
                        entry.getKey().name().toLowerCase(), from + n, entry.getValue(), done + from + n, total));
            }
            done += entry.getValue();
            byVariant.put(entry.getKey().name().toLowerCase(), List.copyOf(prompts));
        }
        return new EvaluationPool(seed, byVariant);
    }

    private List<PoolPrompt> batch(List<TrafficEvent> events, long generationSeed) {
        List<String> prompts = new ArrayList<>();
        for (TrafficEvent e : events) {
            for (int s = 0; s < samplesPerPrompt; s++) {
                prompts.add(e.prompt());
            }
        }
        List<Continuation> sampled = new Generator(lm).generate(prompts, generation.withSeed(generationSeed));
        List<Continuation> attributable = sampled.stream().filter(c -> c.tokenIds().length > 0).toList();
        List<Signature> signatures = new Attributor(lm).attribute(
                attributable.stream().map(Continuation::asSequence).toList(), attribution);
        Map<Continuation, Signature> signatureOf = new IdentityHashMap<>();
        for (int i = 0; i < attributable.size(); i++) {
            signatureOf.put(attributable.get(i), signatures.get(i));
        }
        embedMissing(sampled);
        List<PoolPrompt> out = new ArrayList<>();
        for (int p = 0; p < events.size(); p++) {
            TrafficEvent e = events.get(p);
            List<PoolPrompt.PoolContinuation> continuations = new ArrayList<>();
            for (int s = 0; s < samplesPerPrompt; s++) {
                Continuation c = sampled.get(p * samplesPerPrompt + s);
                Signature signature = signatureOf.get(c);
                if (signature == null) {
                    continue; // an empty continuation: the attributor dead-letters it, so the clusterer never sees it
                }
                continuations.add(new PoolPrompt.PoolContinuation(c.text(), DoorWorld.modeOf(e.attributes(), c.text()),
                        c.weight(), embeddingsByText.get(c.text()),
                        new SparseSignature(signature.dimension(), signature.units(), signature.values())));
            }
            out.add(new PoolPrompt(e.attributes().get("variant"), e.attributes().get("door"), List.copyOf(continuations)));
        }
        return out;
    }

    /** The embedding depends on the text only, and the world's texts repeat: each is embedded once. */
    private void embedMissing(List<Continuation> sampled) {
        List<String> missing = sampled.stream().map(Continuation::text).distinct()
                .filter(t -> !embeddingsByText.containsKey(t)).toList();
        if (!missing.isEmpty()) {
            float[][] vectors = embedder.embed(missing);
            for (int i = 0; i < missing.size(); i++) {
                embeddingsByText.put(missing.get(i), vectors[i]);
            }
        }
    }

    @Override
    public void close() {
        embedder.close();
        lm.close();
    }
}
