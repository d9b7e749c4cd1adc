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

/**
 * One immutable deployment of an environment. Everything but the phase (and its failure reason) is
 * written once, when the revision is asked for.
 */
@Entity
@Table(name = "revision")
public class Revision {

    @Id
    public UUID id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "environment_id", updatable = false)
    public Environment environment;

    /** 1, 2, 3... within the environment. */
    @Column(nullable = false, updatable = false)
    public int number;

    @Column(name = "commit_sha", nullable = false, updatable = false, length = 40)
    public String commitSha;

    @Column(nullable = false, updatable = false)
    public String image;

    @Column(nullable = false, updatable = false)
    public int port;

    @Column(name = "spec_hash", nullable = false, updatable = false, length = 64)
    public String specHash;

    /** DNS-1123 label: the revision's namespace and the first label of its host. */
    @Column(nullable = false, updatable = false)
    public String name;

    /** The resolved {@link io.driftless.api.spec.SealPolicy} as canonical JSON; null for early revisions. */
    @Column(updatable = false)
    public String seal;

    /**
     * The image pinned by digest that the worker resolved {@link #image} to before the first deploy;
     * written once (by a guarded update, never through this entity), null while unpinned.
     */
    @Column(name = "pinned_image", insertable = false, updatable = false)
    public String pinnedImage;

    @Column(name = "requested_by", nullable = false, updatable = false)
    public String requestedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RevisionPhase phase;

    @Column(name = "failure_reason")
    public String failureReason;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
