package io.modewatch.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The body each kind of target gets for a notification. */
final class NotificationPayloads {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Exemplar text in a message is cut here: a page is read on a phone. */
    static final int EXEMPLAR_CHARS = 200;

    private final String template;
    private final Optional<URI> linkBase;
    private final Duration alertDuration;

    NotificationPayloads(String template, Optional<URI> linkBase, Duration alertDuration) {
        this.template = template;
        this.linkBase = linkBase;
        this.alertDuration = alertDuration;
    }

    /** Where a reader sees the scope on the clusterer's dashboard, if a link base is configured. */
    Optional<String> link(Notification n) {
        return linkBase.map(base -> base(base) + "/dashboard?scope=" + encoded(n.scope()));
    }

    /** The scope's alerts in the clusterer's query API, for programs, if a link base is configured. */
    Optional<String> alertsUrl(Notification n) {
        return linkBase.map(base -> base(base) + "/scopes/" + encoded(n.scope()) + "/alerts");
    }

    private static String base(URI base) {
        return base.toString().replaceAll("/+$", "");
    }

    private static String encoded(String scope) {
        return URLEncoder.encode(scope, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The message text: the template with its placeholders filled. */
    String text(Notification n) {
        if (n.vanished()) {
            return "modewatch: a mode of scope " + n.scope() + " vanished (component " + n.componentIds() + ")."
                    + link(n).map(l -> " " + l).orElse("");
        }
        String exemplar = n.exemplars().isEmpty() ? "(no text)" : cut(n.exemplars().get(0));
        return template.replace("{alert_id}", n.id()).replace("{scope}", n.scope()).replace("{kind}", n.kind())
                .replace("{share}", String.format(Locale.ROOT, "%.1f%%", 100 * n.share()))
                .replace("{count}", Long.toString(n.count())).replace("{exemplar}", exemplar)
                .replace("{top_units}", n.topUnits().isEmpty() ? "(none)" : String.join(", ", n.topUnits().subList(0,
                        Math.min(5, n.topUnits().size()))))
                .replace("{detected_at}", n.at().toString()).replace("{link}", link(n).orElse("")).strip();
    }

    /** The generic webhook body. */
    String generic(Notification n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("alert_id", n.id());
        body.put("scope", n.scope());
        body.put("kind", n.kind());
        body.put("share", n.share());
        body.put("count", n.count());
        body.put("detected_at", n.at().toString());
        body.put("component_ids", n.componentIds());
        body.put("exemplars", n.exemplars().stream().map(NotificationPayloads::cut).toList());
        body.put("top_units", n.topUnits());
        body.put("summary", text(n));
        body.put("link", link(n).orElse(null));
        body.put("alerts_url", alertsUrl(n).orElse(null));
        return json(body);
    }

    /** A Slack incoming webhook's body. */
    String slack(Notification n) {
        return json(Map.of("text", text(n)));
    }

    /** Alertmanager API v2: a list of alerts, each with labels (its identity) and annotations. */
    String alertmanager(Notification n) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("alertname", n.vanished() ? "ModewatchModeVanished" : "ModewatchNewMode");
        labels.put("scope", n.scope());
        labels.put("kind", n.kind());
        labels.put("severity", n.vanished() ? "info" : "page");
        labels.put("alert_id", n.id());
        Map<String, Object> annotations = new LinkedHashMap<>();
        annotations.put("summary", text(n));
        annotations.put("share", String.format(Locale.ROOT, "%.4f", n.share()));
        annotations.put("count", Long.toString(n.count()));
        if (!n.exemplars().isEmpty()) {
            annotations.put("exemplar", cut(n.exemplars().get(0)));
        }
        annotations.put("top_units", String.join(", ", n.topUnits()));
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("labels", labels);
        alert.put("annotations", annotations);
        alert.put("startsAt", n.at().toString());
        alert.put("endsAt", n.at().plus(alertDuration).toString());
        link(n).ifPresent(l -> alert.put("generatorURL", l));
        return json(List.of(alert));
    }

    private static String cut(String text) {
        return text.length() <= EXEMPLAR_CHARS ? text : text.substring(0, EXEMPLAR_CHARS) + "...";
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification as JSON", e);
        }
    }
}
