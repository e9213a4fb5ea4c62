package io.modewatch.clusterer;

/**
 * The clusterer's state stores and their key layout. Keys are {@code scope NUL suffix}: NUL never
 * appears in a scope (the join rejects it), so a prefix scan on {@code scope NUL} sees exactly one
 * scope's entries, and one component is one entry.
 */
final class StoreNames {

    /** Per scope: the clustering header, poorly explained buffer, bootstrap events, detector header, clock. */
    static final String SCOPE_STATE = "clusterer-scope-state";
    /** Per component of a scope: its masses, centroids, variances, lineage and the events of its reservoir. */
    static final String COMPONENTS = "clusterer-components";
    /** Per remembered member (reservoir or birth buffer) of a scope: written once, deleted when evicted. */
    static final String MEMBERS = "clusterer-members";
    /** Per reference mode of a scope (written when the baseline is taken). */
    static final String REFERENCES = "clusterer-references";
    /** The first half of each continuation, by continuation id, until its partner arrives. */
    static final String PENDING = "clusterer-pending-halves";
    /** Recent alerts per scope, for queries. */
    static final String ALERTS = "clusterer-alerts";
    /** Recent drift events per scope, for queries. */
    static final String DRIFT = "clusterer-drift";

    /** The stores the scope processor writes behind, once per commit (ScopeStateRepository). */
    static final java.util.List<String> SCOPE_STORES = java.util.List.of(SCOPE_STATE, COMPONENTS, MEMBERS, REFERENCES,
            ALERTS, DRIFT);

    static final char SEPARATOR = '\u0000';

    private StoreNames() {
    }

    static String prefix(String scope) {
        return scope + SEPARATOR;
    }

    static String key(String scope, String part) {
        return prefix(scope) + part;
    }

    /** Zero-padded so that keys sort in id (or sequence) order. */
    static String key(String scope, long number) {
        String digits = Long.toString(number);
        // String.format was a visible share of the stream thread: this runs for every member written.
        return number >= 0 && digits.length() < 20
                ? prefix(scope) + "0".repeat(20 - digits.length()) + digits
                : prefix(scope) + String.format("%020d", number);
    }

    static String scopeOf(String key) {
        return key.substring(0, key.indexOf(SEPARATOR));
    }
}
