package io.modewatch.clustering.online;

import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.SparseSignature;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-event online update (normalise the signature, assign with the E-step rule over K
 * components, update the component, reservoir and buffer), without structure passes: those run
 * every {@code maintenanceInterval} events and are measured end to end by ClusteringBenchmark.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class OnlineUpdateBenchmark {

    static final int SEMANTIC_DIM = 384;
    static final int SIGNATURE_DIM = 2048;
    static final int ACTIVE_UNITS = 256;
    static final int EVENTS = 4096;

    @Param({"8", "32", "64"})
    int k;

    @Param({"sparse", "dense"})
    String signature;

    private OnlineRdClusterer clusterer;
    ScopeState scope;
    Observation[] events;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        OnlineSettings defaults = OnlineSettings.defaults(new RdParameters(5, 0.8));
        // No structure pass inside the measurement: an interval longer than any run.
        clusterer = new OnlineRdClusterer(new OnlineSettings(defaults.parameters(), defaults.halfLifeEvents(), 2,
                defaults.reservoirCapacity(), Integer.MAX_VALUE, defaults.bufferCapacity(), defaults.poorlyExplainedFactor(),
                defaults.distortionFloorFraction(), defaults.minSplitMembers(), defaults.minBirthPoints(), defaults.maxComponents(),
                defaults.minComponentShare(), defaults.maxSplitTrials(), defaults.splitRetryGrowth(), defaults.splitRetryEvents(),
                defaults.maxRemovalTrials()));
        scope = clusterer.newScope("bench");
        SplittableRandom random = new SplittableRandom(1);
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
        events = new Observation[EVENTS];
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
            if (signature.equals("dense")) {
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
    }

    @Benchmark
    public Assignment observe() {
        Observation o = events[next];
        next = (next + 1) % EVENTS;
        return clusterer.observe(scope, o);
    }
}
