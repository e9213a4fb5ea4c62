package io.modewatch.launcher.evaluate;

import io.modewatch.common.config.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment under which the services' configurations hold their defaults, plus any of a
 * service's own settings the user exported (so `MODEWATCH_BETA=20 modewatch evaluate` measures that
 * beta). Evaluation contacts no broker; the address only satisfies the one setting without a default.
 */
final class ServiceDefaults {

    static final Map<String, String> ENVIRONMENT = Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");

    private ServiceDefaults() {
    }

    /** The service's own settings found in {@code environment} (connection settings excepted). */
    static Map<String, String> chosen(List<Setting> settings, Map<String, String> environment) {
        Map<String, String> chosen = new LinkedHashMap<>();
        for (Setting setting : settings) {
            String value = environment.get(setting.name());
            if (value != null && !setting.name().startsWith("KAFKA_")) {
                chosen.put(setting.name(), value);
            }
        }
        return chosen;
    }

    /** The defaults with the chosen settings over them. */
    static Map<String, String> with(Map<String, String> chosen) {
        Map<String, String> env = new LinkedHashMap<>(ENVIRONMENT);
        env.putAll(chosen);
        return env;
    }
}
