package io.modewatch.launcher.evaluate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The continuations of one scenario in arrival order, drawn from a pool: prompt by prompt, each
 * prompt's continuations one after the other (as the sampler emits them), the variant chosen by
 * the injections active at that position, else the world's stationary mix.
 *
 * @param onsets the position of each injection's first continuation, by label
 */
record ScenarioStream(Scenario scenario, long seed, List<Event> events, Map<String, Integer> onsets) {

    static final String STATIONARY = "stationary";
    /** The world's stationary phase: 70% plain questions, 30% notes about another door. */
    static final double PLAIN_SHARE = 0.7;

    /**
     * @param label the injection label the continuation belongs to, or {@link #STATIONARY}
     * @param form  the prompt variant and door with the continuation's ground-truth mode, for reading alerts
     */
    record Event(String id, String label, String form, PoolPrompt.PoolContinuation continuation) {
    }

    static ScenarioStream draw(Scenario scenario, EvaluationPool pool) {
        Random random = new Random(pool.seed() * 31 + scenario.name().hashCode());
        List<Event> events = new ArrayList<>(scenario.events());
        Map<String, Integer> onsets = new LinkedHashMap<>();
        int prompt = 0;
        while (events.size() < scenario.events()) {
            int position = events.size();
            double u = random.nextDouble();
            Scenario.Injection chosen = null;
            double cumulative = 0;
            for (Scenario.Injection injection : scenario.injections()) {
                if (position >= injection.onset()) {
                    cumulative += injection.share();
                    if (u < cumulative) {
                        chosen = injection;
                        break;
                    }
                }
            }
            String variant = chosen != null ? chosen.variant() : random.nextDouble() < PLAIN_SHARE ? "plain" : "distractor";
            String label = chosen != null ? chosen.label() : STATIONARY;
            List<PoolPrompt> candidates = pool.of(variant);
            PoolPrompt p = candidates.get(random.nextInt(candidates.size()));
            for (int s = 0; s < p.continuations().size() && events.size() < scenario.events(); s++) {
                if (chosen != null) {
                    onsets.putIfAbsent(label, events.size());
                }
                PoolPrompt.PoolContinuation c = p.continuations().get(s);
                events.add(new Event("s" + pool.seed() + "-p" + prompt + "-" + s, label,
                        p.variant() + "/" + p.door() + "/" + c.mode(), c));
            }
            prompt++;
        }
        return new ScenarioStream(scenario, pool.seed(), List.copyOf(events), onsets);
    }
}
