package io.driftless.api.service;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.AuditEventRepository;

/**
 * Writes the history: every phase change, rollback, drift and teardown, with its actor; and what is
 * done to a repository as a whole, such as its secrets being stored.
 */
@ApplicationScoped
public class AuditLog {

    public static final String PHASE = "PHASE";
    public static final String ROLLBACK = "ROLLBACK";
    public static final String ALIAS_MOVED = "ALIAS_MOVED";
    public static final String DRIFT = "DRIFT";
    public static final String HEALED = "HEALED";
    public static final String TEARDOWN_REQUESTED = "TEARDOWN_REQUESTED";
    public static final String DELETION_CONFIRMED = "DELETION_CONFIRMED";
    public static final String TORN_DOWN = "TORN_DOWN";
    public static final String ORPHAN_SWEPT = "ORPHAN_SWEPT";
    /** A fork's commit was approved for an environment (by an admin, or by the trusted label). */
    public static final String FORK_APPROVED = "FORK_APPROVED";
    /** The worker pinned a revision's image to a digest. */
    public static final String IMAGE_PINNED = "IMAGE_PINNED";
    /** A repository secret got a (new) value; the detail names it and its version, never the value. */
    public static final String SECRET_PUT = "SECRET_PUT";
    /** A repository secret was deleted. */
    public static final String SECRET_DELETED = "SECRET_DELETED";

    private final AuditEventRepository events;

    public AuditLog(AuditEventRepository events) {
        this.events = events;
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public void record(UUID environmentId, UUID revisionId, String actor, String action, String detail) {
        AuditEvent event = new AuditEvent();
        event.environmentId = environmentId;
        event.revisionId = revisionId;
        event.actor = actor;
        event.action = action;
        event.detail = detail;
        event.at = Instant.now();
        events.persist(event);
    }

    /** An event about a repository as a whole rather than one of its environments. */
    @Transactional(Transactional.TxType.REQUIRED)
    public void recordForRepository(String repository, String actor, String action, String detail) {
        AuditEvent event = new AuditEvent();
        event.repository = repository;
        event.actor = actor;
        event.action = action;
        event.detail = detail;
        event.at = Instant.now();
        events.persist(event);
    }
}
