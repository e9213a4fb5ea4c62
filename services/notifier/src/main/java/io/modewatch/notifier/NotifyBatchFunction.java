package io.modewatch.notifier;

import io.micrometer.core.instrument.Metrics;
import io.modewatch.common.loop.BatchFunction;
import io.modewatch.common.loop.Outcome;
import io.modewatch.schema.ClusterDriftEvent;
import io.modewatch.schema.ModeAlert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each alert (and each vanished mode) to every configured target, in input order. An
 * alert whose id was delivered already is skipped: the clusterer raises one alert per mode, but a
 * replayed or re-published alert must not page twice. An alert some target refused after every
 * try goes to the dead-letter topic with the reason (which targets, what they answered); the
 * targets that took it are not asked again.
 */
final class NotifyBatchFunction implements BatchFunction<SpecificRecord, String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(NotifyBatchFunction.class);
    /** Alert ids remembered for dedup within a run; across restarts the committed offsets say what was delivered. */
    static final int REMEMBERED_IDS = 100_000;

    private final List<HttpDelivery.Target> webhooks;
    private final List<HttpDelivery.Target> slack;
    private final Optional<HttpDelivery.Target> alertmanager;
    private final NotificationPayloads payloads;
    private final HttpDelivery delivery;
    private final boolean notifyVanished;
    private final Map<String, Boolean> delivered = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };

    NotifyBatchFunction(List<HttpDelivery.Target> webhooks, List<HttpDelivery.Target> slack,
                        Optional<HttpDelivery.Target> alertmanager, NotificationPayloads payloads, HttpDelivery delivery,
                        boolean notifyVanished) {
        this.webhooks = List.copyOf(webhooks);
        this.slack = List.copyOf(slack);
        this.alertmanager = alertmanager;
        this.payloads = payloads;
        this.delivery = delivery;
        this.notifyVanished = notifyVanished;
        for (String outcome : new String[] {"delivered", "failed", "duplicate"}) {
            Metrics.counter("modewatch.notifications", "outcome", outcome);
        }
    }

    @Override
    public List<Outcome<String, byte[]>> apply(List<SpecificRecord> inputs) throws InterruptedException {
        List<Outcome<String, byte[]>> out = new ArrayList<>(inputs.size());
        for (SpecificRecord input : inputs) {
            Optional<Notification> n = input instanceof ModeAlert a ? Optional.of(Notification.of(a))
                    : Notification.of((ClusterDriftEvent) input).filter(v -> notifyVanished);
            if (n.isEmpty()) {
                out.add(Outcome.produced(List.of()));
                continue;
            }
            if (delivered.containsKey(n.get().id())) {
                LOG.info("Alert {} was delivered already; not again", n.get().id());
                Metrics.counter("modewatch.notifications", "outcome", "duplicate").increment();
                out.add(Outcome.produced(List.of()));
                continue;
            }
            List<String> failures = deliver(n.get());
            if (failures.isEmpty()) {
                // Only a full delivery counts: a dead-lettered alert, replayed once its target is fixed, must go out.
                delivered.put(n.get().id(), true);
                Metrics.counter("modewatch.notifications", "outcome", "delivered").increment();
                out.add(Outcome.produced(List.of()));
            } else {
                Metrics.counter("modewatch.notifications", "outcome", "failed").increment();
                out.add(Outcome.failed(new DeliveryFailedException("alert " + n.get().id() + " of scope " + n.get().scope()
                        + " was not delivered everywhere: " + String.join("; ", failures))));
            }
        }
        return out;
    }

    private List<String> deliver(Notification n) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        String what = "alert " + n.id();
        for (HttpDelivery.Target t : webhooks) {
            delivery.post(t, payloads.generic(n), what).ifPresent(failures::add);
        }
        for (HttpDelivery.Target t : slack) {
            delivery.post(t, payloads.slack(n), what).ifPresent(failures::add);
        }
        if (alertmanager.isPresent()) {
            delivery.post(alertmanager.get(), payloads.alertmanager(n), what).ifPresent(failures::add);
        }
        if (failures.isEmpty()) {
            LOG.info("Delivered {} ({} in scope {})", what, n.kind(), n.scope());
        }
        return failures;
    }
}
