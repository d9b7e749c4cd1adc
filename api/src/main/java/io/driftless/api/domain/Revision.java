package io.driftless.api.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.hibernate.annotations.Immutable;

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

    /** The exposed service's image as asked for (for a stack: as written in its spec). */
    @Column(nullable = false, updatable = false)
    public String image;

    /** The exposed service's port. */
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
     * The resolved {@link io.driftless.api.spec.RevisionSpec} (version 3, a stack) as canonical JSON; null
     * for revisions asked for before stacks, which are described by {@link #image} and {@link #port}.
     */
    @Column(updatable = false)
    public String spec;

    /** The {@code driftless.yaml} exactly as it was at the commit, when the stack was read from it. */
    @Column(name = "spec_file", updatable = false)
    public String specFile;

    /** Where in the repository {@link #specFile} was read from. */
    @Column(name = "spec_path", updatable = false)
    public String specPath;

    /**
     * The image pinned by digest that the worker resolved {@link #image} to before the first deploy;
     * written once (by a guarded update, never through this entity), null while unpinned.
     */
    @Column(name = "pinned_image", insertable = false, updatable = false)
    public String pinnedImage;

    /**
     * The image each service of a stack runs, pinned by digest, by service name; written once per service
     * by a guarded insert, never through this entity.
     */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "revision_image", joinColumns = @JoinColumn(name = "revision_id"))
    @MapKeyColumn(name = "service")
    @Column(name = "pinned_image")
    @Immutable
    public Map<String, String> pinnedImages = new HashMap<>();

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
