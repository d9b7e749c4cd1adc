package io.driftless.api.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** One branch of one (possibly forked) repository, with its stable alias. */
@Entity
@Table(name = "environment")
public class Environment {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String repository;

    @Column(name = "head_repository", nullable = false)
    public String headRepository;

    @Column(nullable = false)
    public String branch;

    @Column(name = "pull_request")
    public Integer pullRequest;

    /** DNS-1123 label naming the environment; see {@link io.driftless.api.naming.Names}. */
    @Column(nullable = false)
    public String slug;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EnvironmentStatus status;

    /** The newest revision asked for. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "latest_revision_id")
    public Revision latestRevision;

    /** The revision the alias (stable URL) points at: the newest READY one, or none yet. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "current_revision_id")
    public Revision currentRevision;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "torn_down_at")
    public Instant tornDownAt;

    /** The last request to its preview seen by the edge check (written at most once per flush interval). */
    @Column(name = "last_request_at")
    public Instant lastRequestAt;

    /** The latest extension: it lives at least until then (within its maximum lifetime). */
    @Column(name = "extended_until")
    public Instant extendedUntil;

    /** An admin extended it past its maximum lifetime. */
    @Column(name = "extension_forced", nullable = false)
    public boolean extensionForced;

    @Column(name = "pinned_at")
    public Instant pinnedAt;

    @Column(name = "pinned_by")
    public String pinnedBy;

    @Column(name = "pin_reason")
    public String pinReason;

    /** Pinned until then; null while pinned with no end. Only meaningful with {@link #pinnedAt}. */
    @Column(name = "pinned_until")
    public Instant pinnedUntil;

    /** The expiry time it was last warned of; a new expiry (an extension) is warned of again. */
    @Column(name = "warned_for")
    public Instant warnedFor;

    /** The expiry time a dry run last recorded it would act on, so that each is recorded once. */
    @Column(name = "dry_run_for")
    public Instant dryRunFor;

    /** When its pull request was closed; null while open, or with none. */
    @Column(name = "pull_request_closed_at")
    public Instant pullRequestClosedAt;

    /** Why policy ended it (expired, evicted), as told on its pull request; null otherwise. */
    @Column(name = "ended_by")
    public String endedBy;

    @Version
    public long version;
}
