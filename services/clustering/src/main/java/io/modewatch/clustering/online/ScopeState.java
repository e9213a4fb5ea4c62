package io.modewatch.clustering.online;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the online clusterer knows about one scope, as plain data. {@link ScopeStateCodec}
 * writes it as one small header plus one entry per component, so a store can rewrite only what an
 * event touched.
 */
public final class ScopeState {

    final String scope;
    final long seed;
    int semanticDim = -1;
    int signatureDim = -1;
    long events;
    /** Inflation applied to new mass so that old mass decays without being touched: real mass = stored / scale. */
    double scale = 1.0;
    double totalMass;
    int nextId = 1;
    /** Points buffered since the birth test last ran; the test waits for enough new evidence. */
    int bufferedSinceBirthTrial;
    SignatureNormaliser normaliser;
    double floorE;
    double floorA;
    final List<Observation> bootstrap = new ArrayList<>();
    final ArrayDeque<Member> buffer = new ArrayDeque<>();
    final LinkedHashMap<Integer, OnlineComponent> components = new LinkedHashMap<>();
    /** Components in id order, rebuilt when the structure changes; the per-event loop walks this array. */
    OnlineComponent[] order = new OnlineComponent[0];

    ScopeState(String scope, long seed) {
        this.scope = scope;
        this.seed = seed;
    }

    /** A deterministic 64-bit seed for a scope id (FNV-1a), so a replay of the scope draws the same numbers. */
    public static long seedFor(String scope) {
        long h = 0xcbf29ce484222325L;
        for (byte b : scope.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Dimension-major centroids for the per-event loop; derived from {@link #order}. */
    CentroidLayout layout = new CentroidLayout(new OnlineComponent[0], 0, 0);
    double[] scratchE = new double[0];
    double[] scratchA = new double[0];

    void rebuildOrder() {
        order = components.values().toArray(new OnlineComponent[0]);
        layout = new CentroidLayout(order, semanticDim, signatureDim);
        scratchE = new double[order.length];
        scratchA = new double[order.length];
    }

    public String scope() {
        return scope;
    }

    public long seed() {
        return seed;
    }

    public long events() {
        return events;
    }

    public double scale() {
        return scale;
    }

    public boolean bootstrapped() {
        return normaliser != null;
    }

    public SignatureNormaliser normaliser() {
        return normaliser;
    }

    public int k() {
        return components.size();
    }

    /** Components in id (creation) order. */
    public List<OnlineComponent> components() {
        return List.copyOf(components.values());
    }

    public OnlineComponent component(int id) {
        return components.get(id);
    }

    /** Decayed share of a component's mass in the scope. */
    public double share(int id) {
        OnlineComponent c = components.get(id);
        return c == null || !(totalMass > 0) ? 0 : c.mass / totalMass;
    }

    public Map<Integer, Double> shares() {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (OnlineComponent c : components.values()) {
            out.put(c.id, c.mass / totalMass);
        }
        return out;
    }

    /** The poorly-explained floor of the semantic view (a fraction of the bootstrap's one-component distortion). */
    public double floorE() {
        return floorE;
    }

    /** The poorly-explained floor of the signature view. */
    public double floorA() {
        return floorA;
    }

    public int bufferSize() {
        return buffer.size();
    }

    /** The poorly explained points waiting for the birth test, oldest first (a store writes each as its own entry). */
    public List<Member> bufferMembers() {
        return List.copyOf(buffer);
    }

    /** The point buffered last (the buffer keeps arrival order: added at the end, dropped from the front). */
    public Member newestBuffered() {
        return buffer.peekLast();
    }

    /** The buffered point that will be dropped next. */
    public Member oldestBuffered() {
        return buffer.peekFirst();
    }

    /** How many events are buffered before the first clustering (0 once bootstrapped). */
    public int bootstrapSize() {
        return bootstrap.size();
    }

    /** Events buffered before the first clustering, in arrival order (empty once bootstrapped). */
    public List<Observation> bootstrapObservations() {
        return List.copyOf(bootstrap);
    }

    /** The scope's decayed total mass: the sum of P_n, each decayed by its age in events. */
    public double totalMass() {
        return totalMass / scale;
    }
}
