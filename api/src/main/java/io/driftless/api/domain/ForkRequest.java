package io.driftless.api.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One commit of a fork's pull request that asked for an environment. Untrusted code: it waits
 * (PENDING) until that exact commit is approved; a newer push supersedes it.
 */
@Entity
@Table(name = "fork_request")
public class ForkRequest {

    public enum State {
        /** Waiting for an approval of this commit. */
        PENDING,
        /** Approved; its revision was asked for. */
        APPROVED,
        /** A newer commit became the head before this one was approved. */
        SUPERSEDED,
        /** The pull request was closed before this commit was approved. */
        CLOSED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The base repository, owner/name. */
    @Column(nullable = false, updatable = false)
    public String repository;

    @Column(name = "pull_request", nullable = false, updatable = false)
    public int pullRequest;

    @Column(name = "head_repository", nullable = false, updatable = false)
    public String headRepository;

    @Column(nullable = false, updatable = false)
    public String branch;

    @Column(name = "commit_sha", nullable = false, updatable = false)
    public String commitSha;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(name = "requested_at", nullable = false, updatable = false)
    public Instant requestedAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "environment_id")
    public UUID environmentId;

    @Column(name = "revision_id")
    public UUID revisionId;
}
