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

    @Version
    public long version;
}
