package io.modewatch.notifier;

import io.modewatch.common.config.CommonSettings;
import io.modewatch.common.config.ConfigException;
import io.modewatch.common.config.Secret;
import io.modewatch.common.config.ServiceEnvironment;
import io.modewatch.common.config.Setting;
import io.modewatch.common.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The notifier's configuration: where alerts go, how hard to try, and what the message says.
 *
 * @param linkBase the clusterer's query API (or a dashboard in front of it) that links point into, if any
 */
public record NotifierConfig(ServiceEnvironment env, List<URI> webhooks, List<URI> slackWebhooks, Optional<URI> alertmanager,
                             Optional<Secret> webhookToken, Optional<Secret> alertmanagerToken, Optional<URI> linkBase,
                             String template, int attempts, Duration backoff, Duration maxBackoff, Duration timeout,
                             Duration alertDuration, boolean notifyVanished, int batchSize) {

    public static final String SERVICE = "notifier";

    public static final Setting WEBHOOK_URLS = Setting.optional("MODEWATCH_WEBHOOK_URLS", "",
            "comma-separated http(s) URLs, or empty",
            "Webhooks that get each alert as JSON (alert id, scope, kind, share, count, exemplars, top units, link).");
    public static final Setting SLACK_WEBHOOK_URLS = Setting.optional("MODEWATCH_SLACK_WEBHOOK_URLS", "",
            "comma-separated http(s) URLs, or empty",
            "Slack-compatible incoming webhooks that get each alert as {\"text\": <MODEWATCH_MESSAGE_TEMPLATE>}. Their URLs"
                    + " carry a token: only the host is ever logged.");
    public static final Setting ALERTMANAGER_URL = Setting.optional("MODEWATCH_ALERTMANAGER_URL", "",
            "an http(s) URL, or empty",
            "Prometheus Alertmanager; each alert is posted to <url>/api/v2/alerts with labels alertname, scope, kind, severity.");
    public static final Setting WEBHOOK_TOKEN = Setting.optional("MODEWATCH_WEBHOOK_TOKEN", "", "a token, or empty",
            "Sent as 'Authorization: Bearer <token>' to the MODEWATCH_WEBHOOK_URLS. Never logged.");
    public static final Setting ALERTMANAGER_TOKEN = Setting.optional("MODEWATCH_ALERTMANAGER_TOKEN", "", "a token, or empty",
            "Sent as 'Authorization: Bearer <token>' to Alertmanager. Never logged.");
    public static final Setting LINK_BASE_URL = Setting.optional("MODEWATCH_LINK_BASE_URL", "", "an http(s) URL, or empty",
            "The clusterer's HTTP address (e.g. http://clusterer:8090) that links point into: the scope on its dashboard"
                    + " (<url>/dashboard?scope=<scope>) and, in webhooks, its alerts (<url>/scopes/<scope>/alerts). Empty leaves links out.");
    public static final Setting MESSAGE_TEMPLATE = Setting.optional("MODEWATCH_MESSAGE_TEMPLATE",
            "modewatch: new {kind} continuation mode in scope {scope}: {share} of its traffic, {count} continuations."
                    + " Example: \"{exemplar}\". Top units: {top_units}. {link}",
            "text with {alert_id}, {scope}, {kind}, {share}, {count}, {exemplar}, {top_units}, {detected_at}, {link}",
            "The text of Slack messages and of the 'summary' field everywhere else.");
    public static final Setting ATTEMPTS = Setting.optional("MODEWATCH_DELIVERY_ATTEMPTS", "5", "an integer 1..100",
            "Tries per target before the alert goes to notifier-dlq with the reason.");
    public static final Setting BACKOFF = Setting.optional("MODEWATCH_DELIVERY_BACKOFF", "1s", "a duration",
            "Wait before the second try; it doubles after each failed try, up to MODEWATCH_DELIVERY_BACKOFF_MAX.");
    public static final Setting BACKOFF_MAX = Setting.optional("MODEWATCH_DELIVERY_BACKOFF_MAX", "30s", "a duration",
            "Longest wait between two tries.");
    public static final Setting TIMEOUT = Setting.optional("MODEWATCH_DELIVERY_TIMEOUT", "10s", "a duration",
            "Time one request may take (connect and answer).");
    public static final Setting ALERT_DURATION = Setting.optional("MODEWATCH_ALERTMANAGER_ALERT_DURATION", "1h", "a duration",
            "How long Alertmanager keeps a new-mode alert firing (its endsAt); a new mode is an event, not a condition.");
    public static final Setting NOTIFY_VANISHED = Setting.optional("MODEWATCH_NOTIFY_VANISHED", "true", "true or false",
            "Also deliver MODE_VANISHED drift events (one per component that faded; several can come at once). false sends"
                    + " new-mode alerts only.");
    public static final Setting BATCH_SIZE = Setting.optional("MODEWATCH_BATCH_SIZE", "16", "an integer 1..10000",
            "Alerts per transaction: their offsets commit after all of them are delivered or dead-lettered.");

    public static List<Setting> settings() {
        List<Setting> all = new ArrayList<>(CommonSettings.of(SERVICE));
        all.addAll(List.of(WEBHOOK_URLS, SLACK_WEBHOOK_URLS, ALERTMANAGER_URL, WEBHOOK_TOKEN, ALERTMANAGER_TOKEN,
                LINK_BASE_URL, MESSAGE_TEMPLATE, ATTEMPTS, BACKOFF, BACKOFF_MAX, TIMEOUT, ALERT_DURATION, NOTIFY_VANISHED,
                BATCH_SIZE));
        return all;
    }

    public static NotifierConfig from(Map<String, String> environment) {
        Settings s = Settings.of(environment, settings());
        ServiceEnvironment env = ServiceEnvironment.from(SERVICE, s);
        List<URI> webhooks = urls(s, WEBHOOK_URLS);
        List<URI> slack = urls(s, SLACK_WEBHOOK_URLS);
        Optional<URI> alertmanager = urls(s, ALERTMANAGER_URL).stream().findFirst();
        if (webhooks.isEmpty() && slack.isEmpty() && alertmanager.isEmpty()) {
            throw new ConfigException("The notifier has nowhere to deliver: set " + WEBHOOK_URLS.name() + ", "
                    + SLACK_WEBHOOK_URLS.name() + " or " + ALERTMANAGER_URL.name() + ".");
        }
        Duration backoff = s.duration(BACKOFF);
        Duration maxBackoff = s.duration(BACKOFF_MAX);
        if (maxBackoff.compareTo(backoff) < 0) {
            throw new ConfigException("Inconsistent settings: " + BACKOFF_MAX.name() + " (" + maxBackoff + ") is shorter than "
                    + BACKOFF.name() + " (" + backoff + ").");
        }
        return new NotifierConfig(env, webhooks, slack, alertmanager, s.optionalString(WEBHOOK_TOKEN).map(Secret::new),
                s.optionalString(ALERTMANAGER_TOKEN).map(Secret::new), urls(s, LINK_BASE_URL).stream().findFirst(),
                s.string(MESSAGE_TEMPLATE), s.integer(ATTEMPTS, 1, 100), backoff, maxBackoff, s.duration(TIMEOUT),
                s.duration(ALERT_DURATION), s.flag(NOTIFY_VANISHED), s.integer(BATCH_SIZE, 1, 10_000));
    }

    private static List<URI> urls(Settings s, Setting setting) {
        List<URI> out = new ArrayList<>();
        for (String raw : s.list(setting)) {
            URI uri;
            try {
                uri = URI.create(raw.strip());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                // The value may carry a token (Slack URLs do): say which entry, not what it is.
                throw new ConfigException("Malformed setting " + setting.name() + ": entry " + (out.size() + 1)
                        + " is not an http(s) URL with a host; expected " + setting.expectedForm() + ".");
            }
            out.add(uri);
        }
        return out;
    }
}
