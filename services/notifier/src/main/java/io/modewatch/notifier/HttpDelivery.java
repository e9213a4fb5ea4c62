package io.modewatch.notifier;

import io.modewatch.common.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a JSON body to one target, trying again with a doubling backoff while the target fails
 * (a connection error, a timeout, or a status other than 2xx). Only the target's scheme, host and
 * port are ever logged or reported: Slack-style URLs carry their token in the path.
 */
final class HttpDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);

    /** How to reach a target: the URL, a bearer token if any, and a name safe to log. */
    record Target(URI url, Optional<Secret> token) {
        String safeName() {
            return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        }
    }

    /** How hard to try. */
    record Policy(int attempts, Duration backoff, Duration maxBackoff, Duration timeout) {
    }

    /** Waits between tries; a test passes one that does not sleep. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final HttpClient http;
    private final Policy policy;
    private final Sleeper sleeper;

    HttpDelivery(Policy policy, Sleeper sleeper) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder().connectTimeout(policy.timeout()).build();
    }

    /** Empty when delivered; otherwise why the last try failed (after every try). */
    Optional<String> post(Target target, String json, String what) throws InterruptedException {
        Duration wait = policy.backoff();
        String failure = null;
        for (int attempt = 1; attempt <= policy.attempts(); attempt++) {
            if (attempt > 1) {
                sleeper.sleep(wait);
                wait = wait.multipliedBy(2).compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : wait.multipliedBy(2);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.url()).timeout(policy.timeout())
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
            target.token().ifPresent(t -> request.header("Authorization", "Bearer " + t.value()));
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return Optional.empty();
                }
                failure = "HTTP " + response.statusCode();
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            LOG.warn("Delivering {} to {} failed (try {} of {}): {}", what, target.safeName(), attempt, policy.attempts(), failure);
        }
        return Optional.of(target.safeName() + " refused " + what + " " + policy.attempts() + " times; last: " + failure);
    }
}
