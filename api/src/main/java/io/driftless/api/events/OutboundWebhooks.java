package io.driftless.api.events;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftless.api.config.NotifyConfig;
import io.driftless.api.domain.Environment;
import io.driftless.api.domain.Job;
import io.driftless.api.domain.Revision;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.naming.Urls;
import io.driftless.api.policy.FateChanged;
import io.driftless.api.service.JobStore;
import io.driftless.api.service.RevisionChanged;
import io.quarkus.runtime.StartupEvent;

/**
 * Queues a WEBHOOK job for each revision change when {@code driftless.notify.webhook-url} is set, in the
 * transaction that made the change: no change is told that did not commit, none that did is lost. The
 * job carries the exact body to send, written now, so every retry sends the same bytes with the same
 * delivery id.
 */
@ApplicationScoped
public class OutboundWebhooks {

    public static final String EVENT = "revision.changed";

    public record Body(String event, UUID deliveryId, EnvironmentPart environment, RevisionPart revision,
            Instant at) {
    }

    public record EnvironmentPart(UUID id, String repository, String headRepository, String branch,
            Integer pullRequest, String url) {
    }

    /** {@code environment.expiring} (within warnBefore of its expiry) and {@code environment.expired}. */
    public record ExpiryBody(String event, UUID deliveryId, EnvironmentPart environment, Instant expiresAt,
            String explanation, Instant at) {
    }

    public static final String EXPIRING = "environment.expiring";
    public static final String EXPIRED = "environment.expired";

    public record RevisionPart(UUID id, int number, String commit, RevisionPhase phase, String url,
            String failureReason) {
    }

    private final NotifyConfig config;
    private final JobStore jobs;
    private final EntityManager em;
    private final Urls urls;
    private final ObjectMapper mapper;

    public OutboundWebhooks(NotifyConfig config, JobStore jobs, EntityManager em, Urls urls, ObjectMapper mapper) {
        this.config = config;
        this.jobs = jobs;
        this.em = em;
        this.urls = urls;
        this.mapper = mapper;
    }

    /** A bad URL is a configuration error: say so at start, not at the first delivery. */
    void check(@Observes StartupEvent event) {
        config.webhookUrl().ifPresent(OutboundWebhooks::requireHttp);
    }

    static void requireHttp(URI url) {
        if (!url.isAbsolute() || url.getHost() == null
                || !("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))) {
            throw new IllegalArgumentException(
                    "driftless.notify.webhook-url must be an absolute http or https URL, not '" + url + "'");
        }
    }

    void queue(@Observes RevisionChanged change) {
        if (config.webhookUrl().isEmpty()) {
            return;
        }
        Revision r = em.find(Revision.class, change.revisionId());
        Environment e = r.environment;
        Body body = new Body(EVENT, UUID.randomUUID(),
                new EnvironmentPart(e.id, e.repository, e.headRepository, e.branch, e.pullRequest, urls.url(e.slug)),
                new RevisionPart(r.id, r.number, r.commitSha, change.phase(), urls.url(r.name),
                        change.phase() == RevisionPhase.FAILED ? r.failureReason : null),
                r.updatedAt);
        try {
            jobs.enqueue(Job.Kind.WEBHOOK, e.id, r.id, mapper.writeValueAsString(body));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("could not write the webhook body", ex);
        }
    }

    /** Tells the webhook an environment is about to expire, or has been torn down by policy. */
    void expiry(@Observes FateChanged change) {
        if (config.webhookUrl().isEmpty()
                || (change.kind() != FateChanged.Kind.WARNED && change.kind() != FateChanged.Kind.ENDED)) {
            return;
        }
        Environment e = em.find(Environment.class, change.environmentId());
        ExpiryBody body = new ExpiryBody(change.kind() == FateChanged.Kind.WARNED ? EXPIRING : EXPIRED,
                UUID.randomUUID(),
                new EnvironmentPart(e.id, e.repository, e.headRepository, e.branch, e.pullRequest, urls.url(e.slug)),
                change.expiresAt(), change.explanation(), java.time.Instant.now());
        try {
            jobs.enqueue(Job.Kind.WEBHOOK, e.id, change.latestRevisionId(), mapper.writeValueAsString(body));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("could not write the webhook body", ex);
        }
    }
}
