package io.modewatch.clustering.online;

import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.SparseSignature;
import java.util.SplittableRandom;

/**
 * A bootstrapped scope of K components with random centroids and a stream of random events for
 * it, for measuring the per-event update alone (structure passes never run: the maintenance
 * interval is longer than any run). The same shapes as a real scope of the tiny model: unit
 * embeddings of 384 dimensions, signatures of 2048 units with 256 active ("sparse") or all of
 * them ("dense"). The numpy peer (online_update_peer.py) builds the same kind of scope.
 */
public final class SyntheticScope {

    public static final int SEMANTIC_DIM = 384;
    public static final int SIGNATURE_DIM = 2048;
    public static final int ACTIVE_UNITS = 256;
    public static final int EVENTS = 4096;

    private final OnlineRdClusterer clusterer;
    private final ScopeState scope;
    private final Observation[] events;
    private int next;

    private SyntheticScope(OnlineRdClusterer clusterer, ScopeState scope, Observation[] events) {
        this.clusterer = clusterer;
        this.scope = scope;
        this.events = events;
    }

    /** @param dense whether every signature unit is active (else 256 of 2048) */
    public static SyntheticScope of(int k, boolean dense, long seed) {
        OnlineSettings defaults = OnlineSettings.defaults(new RdParameters(5, 0.8));
        OnlineRdClusterer clusterer = new OnlineRdClusterer(new OnlineSettings(defaults.parameters(), defaults.halfLifeEvents(), 2,
                defaults.reservoirCapacity(), Integer.MAX_VALUE, defaults.bufferCapacity(), defaults.poorlyExplainedFactor(),
                defaults.distortionFloorFraction(), defaults.minSplitMembers(), defaults.minBirthPoints(), defaults.maxComponents(),
                defaults.minComponentShare(), defaults.maxSplitTrials(), defaults.splitRetryGrowth(), defaults.splitRetryEvents(),
                defaults.maxRemovalTrials()));
        ScopeState scope = clusterer.newScope("bench");
        SplittableRandom random = new SplittableRandom(seed);
        scope.semanticDim = SEMANTIC_DIM;
        scope.signatureDim = SIGNATURE_DIM;
        scope.normaliser = new SignatureNormaliser(new SparseSignature(SIGNATURE_DIM, new int[0], new float[0]), 1.0);
        for (int c = 0; c < k; c++) {
            OnlineComponent comp = new OnlineComponent(scope.nextId++, -1, new int[0], Origin.BOOTSTRAP, 0, SEMANTIC_DIM, SIGNATURE_DIM);
            for (int j = 0; j < SEMANTIC_DIM; j++) {
                comp.semanticSum[j] = random.nextGaussian();
            }
            comp.refreshSemanticCentroid();
            for (int j = 0; j < SIGNATURE_DIM; j++) {
                comp.signatureCentroid[j] = random.nextInt(8) == 0 ? (float) random.nextGaussian() : 0f;
            }
            comp.refreshSignatureNorm();
            comp.mass = 100;
            comp.reservoirVarE = 1;
            comp.reservoirVarA = 1_000;
            scope.totalMass += comp.mass;
            scope.components.put(comp.id, comp);
        }
        scope.rebuildOrder();
        Observation[] events = new Observation[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            float[] e = new float[SEMANTIC_DIM];
            double norm = 0;
            for (int j = 0; j < SEMANTIC_DIM; j++) {
                e[j] = (float) random.nextGaussian();
                norm += e[j] * e[j];
            }
            for (int j = 0; j < SEMANTIC_DIM; j++) {
                e[j] /= (float) Math.sqrt(norm);
            }
            SparseSignature a;
            if (dense) {
                float[] v = new float[SIGNATURE_DIM];
                for (int j = 0; j < SIGNATURE_DIM; j++) {
                    v[j] = (float) random.nextGaussian();
                }
                a = SparseSignature.dense(v);
            } else {
                int[] idx = random.ints(0, SIGNATURE_DIM).distinct().limit(ACTIVE_UNITS).sorted().toArray();
                float[] v = new float[ACTIVE_UNITS];
                for (int j = 0; j < ACTIVE_UNITS; j++) {
                    v[j] = (float) random.nextGaussian();
                }
                a = new SparseSignature(SIGNATURE_DIM, idx, v);
            }
            events[i] = new Observation("e" + i, 0.5 + 0.5 * random.nextDouble(), e, a, null);
        }
        return new SyntheticScope(clusterer, scope, events);
    }

    /** The next event (cycling through the stream) observed by the scope. */
    public Assignment observeNext() {
        Observation o = events[next];
        next = (next + 1) % EVENTS;
        return clusterer.observe(scope, o);
    }

    ScopeState scope() {
        return scope;
    }

    Observation event(int i) {
        return events[i % EVENTS];
    }
}
