package io.modewatch.launcher.bench;

import io.modewatch.clustering.online.OnlineRdClusterer;
import io.modewatch.clustering.online.SyntheticScope;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code modewatch bench core}: the clustering core's per-event update (assignment over K
 * components, the component's update, reservoir and buffer; no structure passes), timed by thread
 * CPU time, and in the same run the same update one event at a time in numpy (the peer script
 * shipped with the launcher), with their ratio.
 */
@Command(name = "core", mixinStandardHelpOptions = true,
        description = "The clustering core's per-event update in events/s (thread CPU time), against an event-at-a-time numpy peer in the same run.")
public final class CoreBenchCommand implements Callable<Integer> {

    private static final String PEER = "online_update_peer.py";

    static volatile Object sink;

    @Option(names = "--k", split = ",", defaultValue = "32", description = "Components per scope; a list runs each; default ${DEFAULT-VALUE}.")
    List<Integer> ks;

    @Option(names = "--signature", split = ",", defaultValue = "sparse",
            description = "sparse (256 of 2048 units active) or dense (all 2048); a list runs each; default ${DEFAULT-VALUE}.")
    List<String> kinds;

    @Option(names = "--events", defaultValue = "200000", description = "Events per timed round of the core; default ${DEFAULT-VALUE}.")
    int events;

    @Option(names = "--rounds", defaultValue = "5", description = "Timed rounds; the best is reported (the least disturbed); default ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--peer-events", defaultValue = "20000", description = "Events per timed round of the numpy peer; default ${DEFAULT-VALUE}.")
    int peerEvents;

    @Option(names = "--no-peer", description = "Skip the numpy peer (python3 with numpy is needed for it).")
    boolean noPeer;

    @Override
    public Integer call() throws Exception {
        if (events < 1_000 || rounds < 1 || peerEvents < 100 || ks.stream().anyMatch(k -> k < 1)
                || kinds.stream().anyMatch(k -> !k.equals("sparse") && !k.equals("dense"))) {
            throw new IllegalArgumentException("need --events >= 1000, --rounds >= 1, --peer-events >= 100, --k >= 1,"
                    + " --signature sparse or dense");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf("modewatch bench core: per-event online update, embedding %d, signature %d units, %d rounds of %d events"
                        + " (best round); assignment kernel: %s; %s%n", SyntheticScope.SEMANTIC_DIM, SyntheticScope.SIGNATURE_DIM,
                rounds, events, OnlineRdClusterer.assignmentKernel(), BenchCommand.machine());
        Path peer = noPeer ? null : peerScript();
        int status = 0;
        for (String kind : kinds) {
            for (int k : ks) {
                SyntheticScope scope = SyntheticScope.of(k, kind.equals("dense"), 1);
                // Warm-up until C2 has compiled the update: about 2 s of events.
                long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (System.nanoTime() < warmEnd) {
                    for (int i = 0; i < 1_000; i++) {
                        sink = scope.observeNext();
                    }
                }
                double best = Double.MAX_VALUE;
                List<Double> all = new ArrayList<>();
                for (int r = 0; r < rounds; r++) {
                    long t0 = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < events; i++) {
                        sink = scope.observeNext();
                    }
                    double ns = (threads.getCurrentThreadCpuTime() - t0) / (double) events;
                    all.add(ns);
                    best = Math.min(best, ns);
                }
                System.out.printf("  core K=%d %s: %.0f ns per event = %.0fk events/s (rounds: %s ns)%n", k, kind, best, 1e6 / best,
                        all.stream().map(v -> String.format("%.0f", v)).toList());
                if (peer != null) {
                    Double peerNs = runPeer(peer, k, kind);
                    if (peerNs == null) {
                        status = 1;
                    } else {
                        System.out.printf("  numpy peer K=%d %s: %.0f ns per event = %.1fk events/s -> core is x%.1f the peer%n", k, kind,
                                peerNs, 1e6 / peerNs, peerNs / best);
                    }
                }
            }
        }
        return status;
    }

    private static Path peerScript() throws IOException {
        Path script = Files.createTempFile("modewatch-", "-" + PEER);
        script.toFile().deleteOnExit();
        try (InputStream in = CoreBenchCommand.class.getResourceAsStream(PEER)) {
            if (in == null) {
                throw new IllegalStateException("the launcher jar lacks " + PEER);
            }
            Files.write(script, in.readAllBytes());
        }
        return script;
    }

    /** The peer's nanoseconds per event, or null (with the reason printed) when it could not run. */
    private Double runPeer(Path script, int k, String kind) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "--k", Integer.toString(k), "--signature", kind,
                "--events", Integer.toString(peerEvents), "--rounds", Integer.toString(Math.min(rounds, 3)));
        pb.environment().putIfAbsent("OMP_NUM_THREADS", "1");
        pb.environment().putIfAbsent("OPENBLAS_NUM_THREADS", "1");
        pb.redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            System.out.println("  numpy peer: python3 could not be started (" + e.getMessage() + ")");
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || !out.contains(" ns per event")) {
            System.out.println("  numpy peer failed (python3 with numpy is needed): " + out);
            return null;
        }
        String line = out.lines().filter(l -> l.contains(" ns per event")).findFirst().orElseThrow();
        String before = line.substring(0, line.indexOf(" ns per event"));
        return Double.parseDouble(before.substring(before.lastIndexOf(' ') + 1));
    }
}
