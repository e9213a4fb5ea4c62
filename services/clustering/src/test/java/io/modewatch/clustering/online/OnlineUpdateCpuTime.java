package io.modewatch.clustering.online;

import io.modewatch.clustering.SparseSignature;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The {@link OnlineUpdateBenchmark} state timed by thread CPU time instead of JMH's wall clock, with
 * the assignment kernel and the signature centring timed apart. On a machine shared with other
 * builds CPU time is distorted far less than wall-clock throughput. Arguments: K values
 * (default 8,32,64), signature kinds (default sparse,dense), rounds (default 5; the best is printed).
 */
public final class OnlineUpdateCpuTime {

    static volatile Object sink;

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] ks = args.length > 0 ? args[0].split(",") : new String[] {"8", "32", "64"};
        String[] kinds = args.length > 1 ? args[1].split(",") : new String[] {"sparse", "dense"};
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        for (String kind : kinds) {
            for (String kText : ks) {
                OnlineUpdateBenchmark b = new OnlineUpdateBenchmark();
                b.k = Integer.parseInt(kText);
                b.signature = kind;
                b.setUp();
                ScopeState s = b.synthetic().scope();
                Observation[] ev = new Observation[SyntheticScope.EVENTS];
                SparseSignature[] centred = new SparseSignature[ev.length];
                for (int i = 0; i < ev.length; i++) {
                    ev[i] = b.synthetic().event(i);
                    centred[i] = s.normaliser.apply(ev[i].signature());
                }
                int n = kind.equals("dense") ? 20_000 : 100_000;
                double observe = Double.MAX_VALUE, kernel = Double.MAX_VALUE, centring = Double.MAX_VALUE;
                for (int r = 0; r < rounds; r++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        sink = b.observe();
                    }
                    long t1 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        int j = i % ev.length;
                        s.layout.distortions(ev[j].semantic(), centred[j], s.scratchE, s.scratchA);
                    }
                    long t2 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < n; i++) {
                        sink = s.normaliser.apply(ev[i % ev.length].signature());
                    }
                    long t3 = mx.getCurrentThreadCpuTime();
                    observe = Math.min(observe, (t1 - t0) / (double) n);
                    kernel = Math.min(kernel, (t2 - t1) / (double) n);
                    centring = Math.min(centring, (t3 - t2) / (double) n);
                }
                System.out.printf("K=%d %s: observe %.0f ns (%.0fk events/s)  kernel %.0f ns  centring %.0f ns  rest %.0f ns%n",
                        b.k, kind, observe, 1e6 / observe, kernel, centring, observe - kernel - centring);
            }
        }
    }
}
