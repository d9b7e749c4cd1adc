package io.driftless.api.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Something that happened to an environment, or to a repository as a whole (a secret stored), who did
 * it and when. Append-only.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    /** Who acts: the API (a bot or CI), a webhook, a worker, the orphan sweep, or a person in the UI. */
    public static final String API = "api";
    public static final String WORKER = "worker";
    public static final String SWEEP = "sweep";
    public static final String USER = "user";
    /** Policy acting by itself: the reaper, the pull-request reconciliation. */
    public static final String REAPER = "reaper";
    /** A GitHub webhook delivery. */
    public static final String GITHUB = "github";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The environment acted on; null for an event about a repository as a whole. */
    @Column(name = "environment_id", updatable = false)
    public UUID environmentId;

    /** The repository acted on (owner/name) when the event is about it rather than an environment. */
    @Column(updatable = false)
    public String repository;

    @Column(name = "revision_id", updatable = false)
    public UUID revisionId;

    @Column(nullable = false, updatable = false)
    public String actor;

    @Column(nullable = false, updatable = false)
    public String action;

    @Column(updatable = false)
    public String detail;

    /** For a change: the fields before it, as JSON; null otherwise. */
    @Column(name = "before_value", updatable = false)
    public String before;

    /** For a change: the fields after it, as JSON; null otherwise. */
    @Column(name = "after_value", updatable = false)
    public String after;

    @Column(nullable = false, updatable = false)
    public Instant at;
}
