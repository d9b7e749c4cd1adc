package io.driftless.api.rest;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftless.api.config.GitHubConfig;
import io.driftless.api.github.GitHubDeliveries.Received;
import io.driftless.api.github.GitHubDeliveries;
import io.driftless.api.github.WebhookSignature;
import io.driftless.api.metrics.Meters;

/**
 * GitHub's webhook deliveries. The signature is checked over the raw bytes before anything is read or
 * written; a valid delivery is stored with its processing job and answered at once (202), a replay of
 * a delivery id changes nothing (200).
 */
@jakarta.annotation.security.PermitAll
@Path("/webhooks/github")
@Tag(name = "GitHub")
public class GitHubWebhookResource {

    private static final Logger LOG = Logger.getLogger(GitHubWebhookResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GitHubDeliveries deliveries;
    private final GitHubConfig config;
    private final AtomicBoolean saidSecretMissing = new AtomicBoolean();
    /**
     * The event of a delivery whose signature was not checked: its X-GitHub-Event header is anyone's to
     * write, and a meter tagged with it would let anyone add series.
     */
    private static final String UNVERIFIED = "unverified";

    private final Meters meters;

    public GitHubWebhookResource(GitHubDeliveries deliveries, GitHubConfig config, Meters meters) {
        this.deliveries = deliveries;
        this.config = config;
        this.meters = meters;
    }

    public record Acknowledged(long id, String delivery, String event, String status) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a GitHub webhook delivery",
            description = "Signed with X-Hub-Signature-256; 202 when stored for processing, 200 for a replay.")
    public Response receive(byte[] body, @HeaderParam(WebhookSignature.HEADER) String signature,
            @HeaderParam("X-GitHub-Event") String event, @HeaderParam("X-GitHub-Delivery") String delivery,
            @HeaderParam("Content-Type") String contentType) {
        String secret = config.webhookSecret().filter(s -> !s.isBlank()).orElse(null);
        if (secret == null) {
            if (saidSecretMissing.compareAndSet(false, true)) {
                LOG.warn("driftless.github.webhook-secret (DRIFTLESS_GITHUB_WEBHOOK_SECRET) is not set: every GitHub "
                        + "webhook delivery is refused");
            }
            meters.gitHubWebhook(UNVERIFIED, "refused");
            return Problem.response(Response.Status.UNAUTHORIZED, "The webhook secret is not set on this server "
                    + "(driftless.github.webhook-secret); every delivery is refused.", null);
        }
        byte[] raw = body == null ? new byte[0] : body;
        if (signature == null || signature.isBlank()) {
            meters.gitHubWebhook(UNVERIFIED, "refused");
            return Problem.response(Response.Status.UNAUTHORIZED,
                    "The delivery carries no " + WebhookSignature.HEADER + " signature.", null);
        }
        if (!WebhookSignature.verify(secret, raw, signature)) {
            meters.gitHubWebhook(UNVERIFIED, "refused");
            return Problem.response(Response.Status.UNAUTHORIZED, "The " + WebhookSignature.HEADER
                    + " signature does not match the body under the configured secret.", null);
        }
        if (event == null || event.isBlank() || event.length() > 60) {
            meters.gitHubWebhook(UNVERIFIED, "refused");
            return Problem.response(Response.Status.BAD_REQUEST, "The delivery has no X-GitHub-Event header.", null);
        }
        if (delivery == null || delivery.isBlank() || delivery.length() > 100) {
            meters.gitHubWebhook(event, "refused");
            return Problem.response(Response.Status.BAD_REQUEST,
                    "The delivery has no X-GitHub-Delivery header (at most 100 characters).", null);
        }
        String payload = payloadOf(raw, contentType);
        try {
            JSON.readTree(payload);
        } catch (IOException e) {
            meters.gitHubWebhook(event, "refused");
            return Problem.response(Response.Status.BAD_REQUEST, "The payload is not JSON.", null);
        }
        Received received = deliveries.receive(delivery, event, payload);
        meters.gitHubWebhook(event, received.created() ? "accepted" : "duplicate");
        Acknowledged body202 = new Acknowledged(received.id(), delivery, event,
                received.created() ? "queued" : "duplicate");
        return Response.status(received.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .type(MediaType.APPLICATION_JSON).entity(body202).build();
    }

    /** GitHub sends JSON as the body, or form-encoded with the JSON in the {@code payload} field. */
    private static String payloadOf(byte[] raw, String contentType) {
        String text = new String(raw, StandardCharsets.UTF_8);
        if (contentType != null && contentType.toLowerCase(java.util.Locale.ROOT)
                .startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            for (String pair : text.split("&")) {
                if (pair.startsWith("payload=")) {
                    return URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
                }
            }
            return "";
        }
        return text;
    }
}
