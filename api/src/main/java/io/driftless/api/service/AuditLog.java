package io.driftless.api.service;

import java.time.InstantSource;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.AuditEventRepository;
import io.driftless.api.metrics.Meters;

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
    /** A FAILED revision was queued for a new attempt of the same spec, by a person. */
    public static final String REDEPLOY_REQUESTED = "REDEPLOY_REQUESTED";
    public static final String DELETION_CONFIRMED = "DELETION_CONFIRMED";
    public static final String TORN_DOWN = "TORN_DOWN";
    public static final String ORPHAN_SWEPT = "ORPHAN_SWEPT";
    /** A fork's commit was approved for an environment (by an admin, or by the trusted label). */
    public static final String FORK_APPROVED = "FORK_APPROVED";
    /** The worker pinned a revision's image to a digest. */
    public static final String IMAGE_PINNED = "IMAGE_PINNED";
    /** A repository secret got a (new) value; the detail names it and its version, never the value. */
    public static final String SECRET_PUT = "SECRET_PUT";
    /** A share link of an environment's preview was made (never its secret). */
    public static final String SHARE_LINK_CREATED = "SHARE_LINK_CREATED";
    /** A share link was revoked. */
    public static final String SHARE_LINK_REVOKED = "SHARE_LINK_REVOKED";
    /** The worker put an environment's preview Ingresses behind /edge/check, or took them out, as access says. */
    public static final String PREVIEW_ACCESS_APPLIED = "PREVIEW_ACCESS_APPLIED";
    /** A repository secret was deleted. */
    public static final String SECRET_DELETED = "SECRET_DELETED";
    /** A policy was set or removed; before and after hold the fields that changed. */
    public static final String POLICY_CHANGED = "POLICY_CHANGED";
    /** An environment is within warnBefore of its expiry. */
    public static final String EXPIRY_WARNING = "EXPIRY_WARNING";
    /** Its expiry was moved later. */
    public static final String EXTENDED = "EXTENDED";
    public static final String PINNED = "PINNED";
    public static final String UNPINNED = "UNPINNED";
    /** Policy tore it down: it expired (idle, lifetime, closed pull request), with the rule. */
    public static final String EXPIRED = "EXPIRED";
    /** Torn down to make room for a new environment of its repository (whenFull: evict-oldest-idle). */
    public static final String EVICTED = "EVICTED";
    /** A dry-run reaper would have torn it down. */
    public static final String WOULD_EXPIRE = "WOULD_EXPIRE";
    /** The reaper stopped tearing down: past the deletion budget. */
    public static final String REAPER_PAUSED = "REAPER_PAUSED";
    public static final String REAPER_RESUMED = "REAPER_RESUMED";
    /** A pull request was found closed by asking GitHub (its webhook was missed). */
    public static final String PULL_REQUEST_CLOSED = "PULL_REQUEST_CLOSED";
    /** A wrong user name or password on the login form; the actor is the user name tried. */
    public static final String LOGIN_FAILED = "LOGIN_FAILED";
    /** Too many failed logins locked a user name or an address (the actor) for a while. */
    public static final String LOGIN_LOCKED = "LOGIN_LOCKED";
    /** An admin added a UI user; after holds its role, scope and state (never a password). */
    public static final String USER_ADDED = "USER_ADDED";
    /** A UI user's role or repositories changed; before and after hold them. */
    public static final String USER_CHANGED = "USER_CHANGED";
    /** A UI user got a new generated password (never recorded), which ended its sessions. */
    public static final String USER_PASSWORD_RESET = "USER_PASSWORD_RESET";
    /** A UI user may no longer log in; its sessions ended. */
    public static final String USER_DISABLED = "USER_DISABLED";
    public static final String USER_ENABLED = "USER_ENABLED";
    public static final String USER_DELETED = "USER_DELETED";

    private final AuditEventRepository events;
    private final InstantSource clock;
    private final Meters meters;

    public AuditLog(AuditEventRepository events, InstantSource clock, Meters meters) {
        this.events = events;
        this.clock = clock;
        this.meters = meters;
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public void record(UUID environmentId, UUID revisionId, String actor, String action, String detail) {
        AuditEvent event = event(environmentId, null, actor, action, detail);
        event.revisionId = revisionId;
        events.persist(event);
    }

    /** An event about a repository as a whole rather than one of its environments. */
    @Transactional(Transactional.TxType.REQUIRED)
    public void recordForRepository(String repository, String actor, String action, String detail) {
        events.persist(event(null, repository, actor, action, detail));
    }

    /**
     * A change with the values before and after (JSON); {@code environmentId} and {@code repository} may
     * both be null for a change to Driftless as a whole (the global policy, the reaper).
     */
    @Transactional(Transactional.TxType.REQUIRED)
    public void recordChange(UUID environmentId, String repository, String actor, String action, String detail,
            String before, String after) {
        AuditEvent event = event(environmentId, repository, actor, action, detail);
        event.before = before;
        event.after = after;
        events.persist(event);
    }

    private AuditEvent event(UUID environmentId, String repository, String actor, String action, String detail) {
        if (AuditEvent.REAPER.equals(actor) || EVICTED.equals(action)) {
            // what policy did on its own: counted for the operators' dashboards (once the change commits)
            meters.reaper(action.toLowerCase(java.util.Locale.ROOT));
        }
        AuditEvent event = new AuditEvent();
        event.environmentId = environmentId;
        event.repository = repository;
        event.actor = actor;
        event.action = action;
        event.detail = detail;
        event.at = clock.instant();
        return event;
    }
}
