package io.driftless.worker.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftless.api.config.NotifyConfig;
import io.driftless.api.domain.Job;
import io.driftless.api.metrics.Meters;
import io.driftless.worker.jobs.JobHandler;
import io.driftless.worker.jobs.PassingFailure;

/**
 * Delivers WEBHOOK jobs: POSTs the body the job carries to {@code driftless.notify.webhook-url}, signed
 * with {@code driftless.notify.webhook-secret}. The delivery id stays the same on every retry, so a
 * receiver can drop a delivery it has seen. 2xx: done. 5xx, 408, 429 (Retry-After honoured), no answer:
 * tried again with backoff. Any other answer: failed for good, with what the receiver said.
 *
 * <p>The JDK's HttpClient: one POST with a timeout needs nothing more.
 */
@ApplicationScoped
public class WebhookDelivery implements JobHandler {

    public static final String DELIVERY_HEADER = "X-Driftless-Delivery";
    public static final String EVENT_HEADER = "X-Driftless-Event";
    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);
    /** How much of a refusal's body goes into the job's error. */
    private static final int REASON_BODY = 200;

    private final NotifyConfig config;
    private final ObjectMapper mapper;
    private final HttpClient http;
    private final Meters meters;

    public WebhookDelivery(NotifyConfig config, ObjectMapper mapper, Meters meters) {
        this.meters = meters;
        this.config = config;
        this.mapper = mapper;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Set<Job.Kind> kinds() {
        return Set.of(Job.Kind.WEBHOOK);
    }

    @Override
    public void run(Job job) {
        URI url = config.webhookUrl().orElseThrow(() -> new IllegalStateException(
                "driftless.notify.webhook-url is not set on this worker; the delivery cannot be made"));
        byte[] body = job.payload.getBytes(StandardCharsets.UTF_8);
        JsonNode parsed;
        try {
            parsed = mapper.readTree(body);
        } catch (IOException e) {
            // no cause: an IOException cause would pass for a failure worth retrying
            throw new IllegalStateException("job " + job.id + " carries no JSON body: " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(config.webhookTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Driftless-Webhook")
                .header(DELIVERY_HEADER, parsed.path("deliveryId").asText())
                .header(EVENT_HEADER, parsed.path("event").asText())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        config.webhookSecret().filter(s -> !s.isEmpty())
                .ifPresent(secret -> request.header(WebhookSignature.HEADER, WebhookSignature.sign(body, secret)));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // refused, reset, timed out: the receiver may be back later
            meters.webhookDelivery("unreachable");
            throw new PassingFailure("no answer from " + url + ": " + e, java.util.Optional.empty(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PassingFailure("interrupted while delivering to " + url, java.util.Optional.empty(), e);
        }
        Outcome outcome = Outcome.of(response.statusCode());
        meters.webhookDelivery(outcome.name().toLowerCase(java.util.Locale.ROOT));
        String said = url + " answered " + response.statusCode() + describe(response.body());
        switch (outcome) {
            case DELIVERED -> LOG.debugf("webhook %s delivered: %s", parsed.path("deliveryId").asText(), said);
            case RETRY -> throw new PassingFailure(said, RetryAfter.parse(
                    response.headers().firstValue("Retry-After").orElse(null), Instant.now()));
            case REFUSED -> throw new WebhookRefused(said);
        }
    }

    /** What an HTTP status means for a delivery. */
    public enum Outcome {
        DELIVERED, RETRY, REFUSED;

        public static Outcome of(int status) {
            if (status >= 200 && status < 300) {
                return DELIVERED;
            }
            if (status >= 500 || status == 429 || status == 408) {
                return RETRY;
            }
            return REFUSED;
        }
    }

    /** The receiver refused the delivery (a 3xx or 4xx other than 408 and 429): trying again will not help. */
    public static final class WebhookRefused extends RuntimeException {
        WebhookRefused(String message) {
            super(message);
        }
    }

    private static String describe(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return ": " + (flat.length() > REASON_BODY ? flat.substring(0, REASON_BODY) + "…" : flat);
    }
}
