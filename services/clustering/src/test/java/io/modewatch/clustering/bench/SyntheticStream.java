package io.modewatch.clustering.bench;

import io.modewatch.clustering.detect.NoveltyKind;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The detection benchmark's timeline: the five stationary modes, then a semantically new mode,
 * a mechanistically new mode (a known meaning by a new mechanism), a mode new in both views, and
 * one stationary mode that stops.
 */
public final class SyntheticStream {

    /** A mode that appears at {@code onset} (1-based event number). */
    public record Onset(int label, SyntheticWorld.Mode mode, NoveltyKind kind, long onset, double share) {
    }

    private final SyntheticWorld world;
    private final List<Onset> onsets;
    private final int vanishingLabel;
    private final long vanishAt;

    public SyntheticStream(SyntheticWorld world, List<Onset> onsets, int vanishingLabel, long vanishAt) {
        this.world = world;
        this.onsets = onsets;
        this.vanishingLabel = vanishingLabel;
        this.vanishAt = vanishAt;
    }

    /** The standard timeline, scaled so that the first onset comes after {@code stationary} events. */
    public static SyntheticStream standard(SyntheticWorld world, long stationary, long spacing) {
        List<Onset> onsets = List.of(
                new Onset(5, new SyntheticWorld.Mode(4, 0), NoveltyKind.SEMANTIC, stationary, 0.06),
                new Onset(6, new SyntheticWorld.Mode(3, 4), NoveltyKind.MECHANISTIC, stationary + spacing, 0.06),
                new Onset(7, new SyntheticWorld.Mode(5, 5), NoveltyKind.BOTH, stationary + 2 * spacing, 0.06));
        return new SyntheticStream(world, onsets, 1, stationary + 3 * spacing);
    }

    public List<Onset> onsets() {
        return onsets;
    }

    public long vanishAt() {
        return vanishAt;
    }

    public int vanishingLabel() {
        return vanishingLabel;
    }

    /** Events {@code 1..n}. */
    public List<SyntheticWorld.Labelled> events(long n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<SyntheticWorld.Mode> stationary = SyntheticWorld.stationaryModes();
        double[] base = SyntheticWorld.stationaryShares();
        List<SyntheticWorld.Labelled> out = new ArrayList<>();
        for (long t = 1; t <= n; t++) {
            List<SyntheticWorld.Mode> modes = new ArrayList<>(stationary);
            List<Integer> labels = new ArrayList<>(List.of(0, 1, 2, 3, 4));
            List<Double> shares = new ArrayList<>();
            for (int i = 0; i < base.length; i++) {
                shares.add(i == vanishingLabel && t >= vanishAt ? 0.0 : base[i]);
            }
            double newShare = 0;
            for (Onset o : onsets) {
                if (t >= o.onset()) {
                    modes.add(o.mode());
                    labels.add(o.label());
                    shares.add(0.0);
                    newShare += o.share();
                }
            }
            double stationaryTotal = shares.stream().mapToDouble(Double::doubleValue).sum();
            double[] s = new double[shares.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = i < base.length ? shares.get(i) / stationaryTotal * (1 - newShare) : onsets.get(i - base.length).share();
            }
            int pick = SyntheticWorld.pick(s, random.nextDouble());
            out.add(world.sample(modes.get(pick), labels.get(pick), "e" + t, random));
        }
        return out;
    }
}
