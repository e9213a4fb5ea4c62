package io.modewatch.launcher;

import java.util.List;

/**
 * The environment variables the launcher itself reads (the {@code modewatch} script, the CLI and
 * the embedded runtime), never a service. {@code run} drops them before a service validates its
 * settings, so they must all be named here.
 */
public final class LauncherVariables {

    /** JVM options the {@code modewatch} script adds to every command. */
    public static final String JAVA_OPTS = "MODEWATCH_JAVA_OPTS";
    /** An unpacked registry server, or a directory holding the build's two. */
    public static final String REGISTRY_HOME = "MODEWATCH_REGISTRY_HOME";
    /** The Java that runs the embedded registry. */
    public static final String REGISTRY_JAVA_HOME = "MODEWATCH_REGISTRY_JAVA_HOME";
    /** {@code true}: the CLI prints the stack trace after the one-line reason. */
    public static final String DEBUG = "MODEWATCH_DEBUG";

    public static final List<String> ALL = List.of(JAVA_OPTS, REGISTRY_HOME, REGISTRY_JAVA_HOME, DEBUG);

    private LauncherVariables() {
    }
}
