package io.modewatch.common.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A validated view of a service's environment: {@code MODEWATCH_*} application settings, each
 * declared as a {@link Setting}, and {@code KAFKA_*} variables passed through as Kafka properties.
 *
 * <p>Only {@code main} reads the real environment; everything else receives a {@code Map}, so
 * configuration is testable and the embedded launcher can build configs without touching env.
 * Unknown {@code MODEWATCH_*} names fail at start because a typo would otherwise silently fall
 * back to a default.
 */
public final class Settings {

    private static final String KAFKA_PREFIX = "KAFKA_";

    private final Map<String, String> env;
    private final Map<String, Setting> known = new TreeMap<>();

    private Settings(Map<String, String> env, Collection<Setting> declared) {
        this.env = Map.copyOf(env);
        for (Setting s : declared) {
            known.put(s.name(), s);
        }
    }

    /** Validates that every {@code MODEWATCH_*} variable in {@code env} is one of {@code declared}. */
    public static Settings of(Map<String, String> env, Collection<Setting> declared) {
        Settings settings = new Settings(env, declared);
        Set<String> unknown = new TreeSet<>();
        for (String name : env.keySet()) {
            if (name.startsWith(Setting.PREFIX) && !settings.known.containsKey(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException("Unknown setting(s) " + unknown + ". Known settings: "
                    + settings.known.keySet() + ". See the configuration reference in README.md.");
        }
        return settings;
    }

    public String string(Setting setting) {
        String raw = raw(setting);
        if (raw.isBlank()) {
            throw malformed(setting, raw);
        }
        return raw.trim();
    }

    /** A setting whose empty value (its default, or set empty) means "not set". */
    public Optional<String> optionalString(Setting setting) {
        String raw = raw(setting);
        return raw.isBlank() ? Optional.empty() : Optional.of(raw.strip());
    }

    public int integer(Setting setting, int min, int max) {
        return parse(setting, Integer::parseInt, v -> v >= min && v <= max);
    }

    public long longValue(Setting setting, long min, long max) {
        return parse(setting, Long::parseLong, v -> v >= min && v <= max);
    }

    public double decimal(Setting setting, double min, double max) {
        return parse(setting, Double::parseDouble, v -> !Double.isNaN(v) && v >= min && v <= max);
    }

    public boolean flag(Setting setting) {
        String raw = raw(setting).trim().toLowerCase(Locale.ROOT);
        return switch (raw) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw malformed(setting, raw);
        };
    }

    /** Accepts ISO-8601 ({@code PT30S}) or a number with a unit suffix: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}. */
    public Duration duration(Setting setting) {
        return parse(setting, Settings::parseDuration, d -> !d.isNegative());
    }

    public List<String> list(Setting setting) {
        List<String> out = new ArrayList<>();
        for (String part : raw(setting).split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Every {@code KAFKA_*} variable as a Kafka property: the prefix is dropped, the rest lower-cased,
     * {@code _} becomes {@code .}, {@code __} becomes {@code _} and {@code ___} becomes {@code -}
     * (the convention of the common Kafka container images). {@code KAFKA_BOOTSTRAP_SERVERS} becomes
     * {@code bootstrap.servers}.
     */
    public Map<String, String> kafkaProperties() {
        Map<String, String> props = new TreeMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith(KAFKA_PREFIX) && e.getKey().length() > KAFKA_PREFIX.length()) {
                props.put(kafkaPropertyName(e.getKey()), e.getValue());
            }
        }
        return props;
    }

    static String kafkaPropertyName(String variable) {
        String rest = variable.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT);
        return rest.replace("___", "\u0000").replace("__", "\u0001").replace('_', '.')
                .replace('\u0000', '-').replace('\u0001', '_');
    }

    private String raw(Setting setting) {
        if (!known.containsKey(setting.name())) {
            throw new IllegalStateException("setting " + setting.name() + " was not declared to this Settings");
        }
        String value = env.get(setting.name());
        if (value == null) {
            if (setting.isRequired()) {
                throw new ConfigException("Missing required setting " + setting.name() + ": expected "
                        + setting.expectedForm() + " (" + setting.description() + ").");
            }
            return setting.defaultValue();
        }
        return value;
    }

    private <T> T parse(Setting setting, Function<String, T> parser, java.util.function.Predicate<T> valid) {
        String raw = raw(setting).trim();
        T value;
        try {
            value = parser.apply(raw);
        } catch (RuntimeException e) {
            throw malformed(setting, raw);
        }
        if (!valid.test(value)) {
            throw malformed(setting, raw);
        }
        return value;
    }

    private static ConfigException malformed(Setting setting, String raw) {
        return new ConfigException("Malformed setting " + setting.name() + "=\"" + raw + "\": expected "
                + setting.expectedForm() + ".");
    }

    static Duration parseDuration(String raw) {
        String s = raw.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(e);
        }
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("unit");
        };
    }
}
