package io.modewatch.launcher.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where a benchmark's cores went: CPU time of this JVM's threads grouped by role (clusterer stream
 * threads, their producers, the embedded broker, the bench's own sender and reader), the rest of
 * the process (GC, JIT, RocksDB's native threads, threads that ended), and how long garbage
 * collection and the JIT ran.
 */
final class ThreadCpu {

    private static final String REST = "rest of the process (GC, JIT, RocksDB native threads)";

    /** CPU nanoseconds per live thread, the process's CPU, and GC and JIT milliseconds, at one instant. */
    record Snapshot(Map<Long, Long> threadCpu, Map<Long, String> names, long processCpu, long gcMillis, long jitMillis) {
    }

    private ThreadCpu() {
    }

    static Snapshot take() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                    names.put(info.getThreadId(), info.getThreadName());
                }
            }
        }
        long process = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        long gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
        return new Snapshot(cpu, names, process, gc, ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
    }

    static String role(String name) {
        if (name.contains("StreamThread") && name.endsWith("-producer")) {
            return "clusterer producer I/O";
        }
        if (name.contains("StreamThread")) {
            return "clusterer stream threads";
        }
        if (name.startsWith("bench-sender") || name.equals("main") || name.contains("| producer-")
                || name.contains("| bench-") || name.contains("| consumer-")) {
            return "bench sender and reader";
        }
        if (name.startsWith("data-plane") || name.startsWith("kafka-") || name.contains("raft") || name.contains("quorum")
                || name.startsWith("group-coordinator") || name.startsWith("Txn") || name.startsWith("AddPartitionsToTxn")
                || name.startsWith("executor-") || name.startsWith("broker-") || name.startsWith("controller-")) {
            return "broker";
        }
        return "other threads";
    }

    /** Cores busy per role between two snapshots {@code wallMillis} apart, largest first. */
    static String cores(Snapshot before, Snapshot after, long wallMillis) {
        Map<String, Long> byRole = new TreeMap<>();
        long threadsTotal = 0;
        for (Map.Entry<Long, Long> e : after.threadCpu().entrySet()) {
            long delta = e.getValue() - before.threadCpu().getOrDefault(e.getKey(), 0L);
            byRole.merge(role(after.names().get(e.getKey())), delta, Long::sum);
            threadsTotal += delta;
        }
        if (after.processCpu() >= 0 && before.processCpu() >= 0) {
            byRole.put(REST, after.processCpu() - before.processCpu() - threadsTotal);
        }
        double wallNanos = wallMillis * 1e6;
        String roles = byRole.entrySet().stream()
                .filter(e -> e.getValue() / wallNanos >= 0.005)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / wallNanos))
                .collect(Collectors.joining(", "));
        return String.format("%s; GC ran %.0f%% and the JIT compiled %.0f%% of the time", roles,
                100.0 * (after.gcMillis() - before.gcMillis()) / wallMillis,
                100.0 * (after.jitMillis() - before.jitMillis()) / wallMillis);
    }
}
