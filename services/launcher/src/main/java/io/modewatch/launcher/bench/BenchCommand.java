package io.modewatch.launcher.bench;

import picocli.CommandLine.Command;

/** {@code modewatch bench}: benchmarks are programs that print their figure and configuration (DESIGN.md §5). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: attribution and generation (model layer), the clustering core against a numpy peer (core),"
                + " the clusterer on a real broker (streaming),"
                + " clusterer instances losing one (failover),"
                + " the whole pipeline per stage (pipeline), the whole pipeline under a steady load over time (soak).",
        subcommands = {AttributionBenchCommand.class, GenerateBenchCommand.class, CoreBenchCommand.class, StreamingBenchCommand.class, FailoverBenchCommand.class,
                io.modewatch.launcher.demo.PipelineBenchCommand.class,
                io.modewatch.launcher.demo.SoakBenchCommand.class})
public final class BenchCommand {

    /** The machine line every benchmark prints; thread count matters: PyTorch's OpenMP threads spin. */
    public static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, JDK " + System.getProperty("java.version")
                + ", CPU (DJL PyTorch engine), OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset");
    }
}
