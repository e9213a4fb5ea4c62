package io.modewatch.clustering.online;

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

    @Param({"8", "32", "64"})
    int k;

    @Param({"sparse", "dense"})
    String signature;

    private SyntheticScope synthetic;

    @Setup(Level.Trial)
    public void setUp() {
        synthetic = SyntheticScope.of(k, signature.equals("dense"), 1);
    }

    SyntheticScope synthetic() {
        return synthetic;
    }

    @Benchmark
    public Assignment observe() {
        return synthetic.observeNext();
    }
}
