package io.modewatch.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One modewatch service as a user runs it: {@code java -jar modewatch.jar run <service>} in its own
 * OS process, its output appended to a log file that survives kills and restarts.
 */
final class ServiceProcess implements AutoCloseable {

    private final String service;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    private ServiceProcess(String service, Map<String, String> env, Path log) {
        this.service = service;
        this.env = Map.copyOf(env);
        this.log = log;
    }

    static ServiceProcess start(String service, Map<String, String> env, Path log) {
        ServiceProcess p = new ServiceProcess(service, env, log);
        p.restart();
        return p;
    }

    String service() {
        return service;
    }

    /** Starts the process again with the same environment and state directory. */
    void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(service + " is still running");
        }
        String jar = System.getProperty("modewatch.launcher.jar");
        var pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Xmx768m", "-jar", jar, "run", service);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service, e);
        }
    }

    /** SIGKILL: no shutdown hook, no flush, no commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGSTOP: the process freezes as in a long GC pause or a suspended VM, sockets left open. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited with " + rc);
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return service + " log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return service + " log unreadable: " + e.getMessage();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }
}
