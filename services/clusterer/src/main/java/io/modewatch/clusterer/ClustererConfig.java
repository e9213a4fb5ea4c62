package io.modewatch.clusterer;

import io.modewatch.clustering.RdParameters;
import io.modewatch.clustering.detect.DetectionSettings;
import io.modewatch.clustering.online.OnlineSettings;
import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.Secret;
import io.modewatch.common.config.ServiceEnvironment;
import io.modewatch.common.config.Setting;
import io.modewatch.common.config.Settings;
import io.modewatch.common.redaction.TextRedactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clusterer's configuration. Every number of the online clustering and of new-mode detection
 * is a setting; the defaults are those of the clustering core (tuned on its synthetic benchmark,
 * see docs/clustering.md).
 */
public record ClustererConfig(ServiceEnvironment env, String applicationId, OnlineSettings online,
                              DetectionSettings detection, Duration joinWindow, Duration joinGrace, int exemplars,
                              ExemplarText exemplarText, int topUnits, int alertHistory, int driftHistory,
                              String applicationServer, Optional<Secret> queryToken) {

    public static final String SERVICE = "clusterer";

    private static final OnlineSettings O = OnlineSettings.defaults(new RdParameters(1, 0.5));
    private static final DetectionSettings D = DetectionSettings.defaults();

    public static final Setting APPLICATION_ID = Setting.optional("MODEWATCH_APPLICATION_ID", "modewatch-clusterer",
            "a Kafka Streams application id", "Consumer group, state directory and internal-topic prefix of the clusterer.");
    public static final Setting BETA = Setting.optional("MODEWATCH_BETA", "40", "a positive number",
            "Granularity of the rate-distortion objective: more clusters as it grows.");
    public static final Setting GAMMA = Setting.optional("MODEWATCH_GAMMA", "0.5", "a number in [0, 1]",
            "Semantic/mechanistic balance: beta_e = gamma*beta, beta_a = (1-gamma)*beta.");
    public static final Setting HALF_LIFE = Setting.optional("MODEWATCH_HALF_LIFE_EVENTS", num(O.halfLifeEvents()),
            "a number of events > 1", "Component masses halve after this many events of the scope.");
    public static final Setting BOOTSTRAP = Setting.optional("MODEWATCH_BOOTSTRAP_EVENTS", num(O.bootstrapEvents()),
            "an integer >= 2", "Events buffered per scope before the first (batch) clustering and the signature centring.");
    public static final Setting RESERVOIR = Setting.optional("MODEWATCH_RESERVOIR_SIZE", num(O.reservoirCapacity()),
            "an integer >= 2", "Recent members kept per component (split/removal tests, exemplars).");
    public static final Setting MAINTENANCE = Setting.optional("MODEWATCH_MAINTENANCE_INTERVAL",
            num(O.maintenanceInterval()), "an integer >= 1", "Events between structure passes (split, removal, birth).");
    public static final Setting BUFFER = Setting.optional("MODEWATCH_BUFFER_SIZE", num(O.bufferCapacity()),
            "an integer >= 1", "Poorly explained points kept per scope for the birth test.");
    public static final Setting MAX_COMPONENTS = Setting.optional("MODEWATCH_MAX_COMPONENTS", num(O.maxComponents()),
            "an integer >= 1", "Cap on components per scope (bounds state and work per event).");
    public static final Setting WARMUP = Setting.optional("MODEWATCH_WARMUP_EVENTS", num(D.warmupEvents()),
            "an integer >= 1", "The first reference is taken when a scope bootstraps, or at this event count if later;"
                    + " only components judged after it can be new modes.");
    public static final Setting MIN_SHARE = Setting.optional("MODEWATCH_MIN_SHARE", num(D.minShare()),
            "a number in (0, 1)", "Arrival share a new mode is tested for: the alternative of the sequential test.");
    public static final Setting BACKGROUND_SHARE = Setting.optional("MODEWATCH_BACKGROUND_SHARE", num(D.backgroundShare()),
            "a number in (0, MODEWATCH_MIN_SHARE)",
            "Arrival share of novel-looking traffic expected with no new mode: the null of the sequential test.");
    public static final Setting ALERT_EVIDENCE = Setting.optional("MODEWATCH_ALERT_EVIDENCE", num(D.alertEvidence()),
            "a positive number", "Log-likelihood ratio (min share against background share) of a mode's arrivals at"
                    + " which it alerts; 9.2 means odds of 10,000 to 1.");
    public static final Setting MIN_COUNT = Setting.optional("MODEWATCH_MIN_COUNT", num(D.minCount()),
            "an integer >= 1", "Continuations a new mode needs before it can alert, whatever the evidence.");
    public static final Setting JUDGE_COUNT = Setting.optional("MODEWATCH_JUDGE_COUNT", num(D.judgeCount()),
            "an integer >= 1", "Continuations a new component needs before it is judged known traffic or new.");
    public static final Setting NOVELTY_FACTOR = Setting.optional("MODEWATCH_NOVELTY_FACTOR", num(D.noveltyFactor()),
            "a positive number", "A component is new in a view when its distance to every known mode exceeds this"
                    + " multiple of the two modes' spreads in that view (plus a floor).");
    public static final Setting CONFIRM_FACTOR = Setting.optional("MODEWATCH_CONFIRM_FACTOR", num(D.confirmFactor()),
            "a number >= MODEWATCH_NOVELTY_FACTOR", "When a new mode's evidence is in, its components are judged again against"
                    + " the known modes as they are then, with this multiple of the spreads; when none is still new (the known"
                    + " modes grew since: finer cuts of known traffic) the mode does not page and its components become known"
                    + " modes; a mode with any component still new pages whole.");
    public static final Setting HISTORY_RATIO = Setting.optional("MODEWATCH_HISTORY_RATIO", num(D.historyRatio()),
            "a number >= 0", "A component far from every known mode is still known traffic when it explains at least this"
                    + " fraction of its arrival share in the traffic sampled when the reference was taken (about 1 for a"
                    + " finer cut of known traffic, about 0 for a new mode).");
    public static final Setting REFERENCE_SAMPLE = Setting.optional("MODEWATCH_REFERENCE_SAMPLE", num(D.referenceSample()),
            "an integer 0..100000 (0 = no sample)", "Continuations of a scope's bootstrap kept to tell finer cuts of known"
                    + " traffic from new modes (about 3.5 KB each; an even stride when the bootstrap has more).");
    public static final Setting FAMILY_SIMILARITY = Setting.optional("MODEWATCH_FAMILY_SIMILARITY",
            num(D.familySimilarity()), "a number in [-1, 1]",
            "New components of one kind whose offsets from their nearest known mode have at least this cosine"
                    + " similarity are one mode (one alert).");
    public static final Setting REFERENCE_CAPACITY = Setting.optional("MODEWATCH_REFERENCE_CAPACITY",
            num(D.referenceCapacity()), "an integer 1..100000", "Known modes kept per scope as the reference (oldest dropped first).");
    public static final Setting VANISH_SHARE = Setting.optional("MODEWATCH_VANISH_SHARE", num(D.vanishShare()),
            "a number in [0, 1)", "An established mode whose window share stays below this is reported vanished.");
    public static final Setting VANISH_WINDOWS = Setting.optional("MODEWATCH_VANISH_WINDOWS", num(D.vanishWindows()),
            "an integer >= 1", "Consecutive windows below the vanish share before MODE_VANISHED.");
    public static final Setting WINDOW_EVENTS = Setting.optional("MODEWATCH_WINDOW_EVENTS", num(D.windowEvents()),
            "an integer >= 1", "Events per drift window (one WINDOW_STATS event each).");
    public static final Setting JOIN_WINDOW = Setting.optional("MODEWATCH_JOIN_WINDOW", "5m", "a duration",
            "How far apart in event time an embedding and its signature may be and still be joined.");
    public static final Setting JOIN_GRACE = Setting.optional("MODEWATCH_JOIN_GRACE", "1m", "a duration",
            "How long after the window the join waits for late halves before reporting a half without partner.");
    public static final Setting EXEMPLARS = Setting.optional("MODEWATCH_EXEMPLARS", "5", "an integer 1..50",
            "Exemplars per alert and per cluster in queries.");
    public static final Setting EXEMPLAR_TEXT_CHARS = Setting.optional("MODEWATCH_EXEMPLAR_TEXT_CHARS", "1000",
            "an integer 16..100000", "Longest continuation text kept as an exemplar (in state, alerts and queries);"
                    + " longer texts are cut and end in \u2026, so one huge continuation cannot make an alert too large to publish.");
    public static final Setting TOP_UNITS = Setting.optional("MODEWATCH_TOP_UNITS", "10", "an integer 1..1000",
            "Signature units reported per alert and per cluster.");
    public static final Setting ALERT_HISTORY = Setting.optional("MODEWATCH_ALERT_HISTORY", "100", "an integer 1..10000",
            "Alerts kept per scope for queries.");
    public static final Setting DRIFT_HISTORY = Setting.optional("MODEWATCH_DRIFT_HISTORY", "200", "an integer 1..100000",
            "Drift events kept per scope for queries.");
    public static final Setting APPLICATION_SERVER = Setting.optional("MODEWATCH_APPLICATION_SERVER", "",
            "host:port other instances can reach, or empty",
            "This instance's query endpoint, advertised to the other instances so a query is routed to the scope's owner.");

    public static final Setting QUERY_TOKEN = Setting.optional("MODEWATCH_QUERY_TOKEN", "",
            "a token, or empty", "When set, every query (/scopes...) must carry 'Authorization: Bearer <token>' and gets"
                    + " 401 without it; instances forward it to each other. Health and metrics stay open. Never logged.");

    public static List<Setting> settings() {
        List<Setting> all = new ArrayList<>(CommonSettings.of(SERVICE));
        all.addAll(List.of(APPLICATION_ID, BETA, GAMMA, HALF_LIFE, BOOTSTRAP, RESERVOIR, MAINTENANCE, BUFFER,
                MAX_COMPONENTS, WARMUP, MIN_SHARE, BACKGROUND_SHARE, ALERT_EVIDENCE, MIN_COUNT, JUDGE_COUNT, NOVELTY_FACTOR, CONFIRM_FACTOR,
                HISTORY_RATIO, REFERENCE_SAMPLE, FAMILY_SIMILARITY, REFERENCE_CAPACITY, VANISH_SHARE,
                VANISH_WINDOWS, WINDOW_EVENTS, JOIN_WINDOW, JOIN_GRACE, EXEMPLARS, EXEMPLAR_TEXT_CHARS, TextRedactor.PATTERNS, TOP_UNITS, ALERT_HISTORY,
                DRIFT_HISTORY, APPLICATION_SERVER, QUERY_TOKEN));
        return all;
    }

    public static ClustererConfig from(Map<String, String> environment) {
        Settings s = Settings.of(environment, settings());
        ServiceEnvironment env = ServiceEnvironment.from(SERVICE, s);
        RdParameters rd = new RdParameters(s.decimal(BETA, 1e-9, 1e9), s.decimal(GAMMA, 0, 1));
        OnlineSettings online;
        DetectionSettings detection;
        try {
            online = new OnlineSettings(rd, s.decimal(HALF_LIFE, 1.000001, 1e12), s.integer(BOOTSTRAP, 2, 1_000_000),
                    s.integer(RESERVOIR, 2, 100_000), s.integer(MAINTENANCE, 1, 1_000_000), s.integer(BUFFER, 1, 100_000),
                    O.poorlyExplainedFactor(), O.distortionFloorFraction(), O.minSplitMembers(), O.minBirthPoints(),
                    s.integer(MAX_COMPONENTS, 1, 10_000), O.minComponentShare(), O.maxSplitTrials(),
                    O.splitRetryGrowth(), O.splitRetryEvents(), O.maxRemovalTrials());
            detection = new DetectionSettings(s.longValue(WARMUP, 1, Long.MAX_VALUE), s.decimal(MIN_SHARE, 1e-12, 0.999999),
                    s.decimal(BACKGROUND_SHARE, 1e-12, 0.999999), s.decimal(ALERT_EVIDENCE, 1e-12, 1e12),
                    s.longValue(MIN_COUNT, 1, Long.MAX_VALUE), s.longValue(JUDGE_COUNT, 1, Long.MAX_VALUE),
                    s.decimal(NOVELTY_FACTOR, 1e-12, 1e12), s.decimal(CONFIRM_FACTOR, 1e-12, 1e12), s.decimal(HISTORY_RATIO, 0, 1e6),
                    s.integer(REFERENCE_SAMPLE, 0, 100_000), s.decimal(FAMILY_SIMILARITY, -1, 1),
                    s.integer(REFERENCE_CAPACITY, 1, 100_000), s.decimal(VANISH_SHARE, 0, 0.999999),
                    s.integer(VANISH_WINDOWS, 1, 1_000_000), s.longValue(WINDOW_EVENTS, 1, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new io.modewatch.common.config.ConfigException("Inconsistent clustering settings: " + e.getMessage());
        }
        return new ClustererConfig(env, s.string(APPLICATION_ID), online, detection, s.duration(JOIN_WINDOW),
                s.duration(JOIN_GRACE), s.integer(EXEMPLARS, 1, 50),
                new ExemplarText(TextRedactor.from(environment), s.integer(EXEMPLAR_TEXT_CHARS, 16, 100_000)),
                s.integer(TOP_UNITS, 1, 1000),
                s.integer(ALERT_HISTORY, 1, 10_000), s.integer(DRIFT_HISTORY, 1, 100_000),
                s.optionalString(APPLICATION_SERVER).orElse(""),
                s.optionalString(QUERY_TOKEN).map(Secret::new));
    }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
