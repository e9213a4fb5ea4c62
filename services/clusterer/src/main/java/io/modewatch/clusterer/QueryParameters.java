package io.modewatch.clusterer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The query string of a query API request, checked once: every endpoint takes the same
 * parameters ({@code local}, {@code offset}, {@code limit}), each at most once; anything else is
 * refused with the list of what is allowed, so a misspelt parameter is never silently ignored.
 */
record QueryParameters(Map<String, String> values) {

    /** {@code local=true}: answer from this instance's stores only (what instances send each other). */
    static final String LOCAL = "local";
    static final List<String> NAMES = List.of(LOCAL, Page.OFFSET, Page.LIMIT);

    static QueryParameters parse(String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = ClusterQueryApi.decodeSegment(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : ClusterQueryApi.decodeSegment(pair.substring(eq + 1));
                if (!NAMES.contains(name)) {
                    throw new ClusterQueryApi.BadRequest("unknown query parameter '" + name + "'; the query API takes "
                            + String.join(", ", NAMES));
                }
                if (values.put(name, value) != null) {
                    throw new ClusterQueryApi.BadRequest("query parameter '" + name + "' is given more than once");
                }
            }
        }
        String local = values.get(LOCAL);
        if (local != null && !local.equals("true") && !local.equals("false")) {
            throw new ClusterQueryApi.BadRequest("query parameter 'local' must be true or false, not '" + local + "'");
        }
        return new QueryParameters(Map.copyOf(values));
    }

    boolean localOnly() {
        return "true".equals(values.get(LOCAL));
    }

    /** A non-negative integer parameter, or {@code fallback} when absent. */
    int integer(String name, int fallback, int max) {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v < 0 || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ClusterQueryApi.BadRequest("query parameter '" + name + "' must be a whole number from 0 to " + max
                    + ", not '" + raw + "'");
        }
    }

    /** This query with {@code name} set to {@code value}, as a query string (parameters in a fixed order). */
    String with(String name, String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : NAMES) {
            String v = n.equals(name) ? value : values.get(n);
            if (v != null) {
                out.put(n, v);
            }
        }
        return out.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }
}
