package io.modewatch.launcher;

import java.nio.file.Path;

/**
 * JVM-wide settings every modewatch process needs, set before any library reads them, so that
 * {@code java -jar modewatch.jar} works without a wrapper script. Explicit {@code -D} flags win.
 */
final class RuntimeDefaults {

    private RuntimeDefaults() {
    }

    static void apply() {
        // Avro refuses to deserialize generated classes outside the packages it is told to trust.
        setIfAbsent("org.apache.avro.SERIALIZABLE_PACKAGES", "io.modewatch.schema");
        // Nothing is ever downloaded at run time: models and engines come from local files.
        setIfAbsent("ai.djl.offline", "true");
        // One PyTorch thread per call: several services share a few cores, and spinning worker threads
        // made everything 5-20x slower on a loaded 2-core machine (docs/models.md).
        setIfAbsent("ai.djl.pytorch.num_threads", "1");
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        // Libraries that log through java.util.logging (the registry client) go through log4j2 too.
        setIfAbsent("java.util.logging.manager", "org.apache.logging.log4j.jul.LogManager");
        if (System.getenv("DJL_CACHE_DIR") == null) {
            setIfAbsent("DJL_CACHE_DIR", Path.of(System.getProperty("user.home"), ".cache", "modewatch", "djl").toString());
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
