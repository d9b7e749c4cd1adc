package io.driftless.api.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One build of one service's image from a commit, or the image found for its key without building. */
@Entity
@Table(name = "build")
public class Build {

    public enum Status {
        RUNNING, SUCCEEDED, FAILED, CACHED, CANCELLED;

        public boolean done() {
            return this != RUNNING;
        }
    }

    @Id
    public UUID id;

    /** SHA-256 of what the image is built from; equal keys give equal images. */
    @Column(name = "cache_key", nullable = false, updatable = false)
    public String cacheKey;

    @Column(nullable = false, updatable = false)
    public String repository;

    @Column(name = "head_repository", nullable = false, updatable = false)
    public String headRepository;

    @Column(nullable = false, updatable = false)
    public String service;

    @Column(name = "commit_sha", nullable = false, updatable = false)
    public String commitSha;

    /** The git tree id of the build context at the commit. */
    @Column(name = "tree_id", nullable = false, updatable = false)
    public String treeId;

    /** The build's inputs as canonical JSON (context, dockerfile, target, args, platform, builder). */
    @Column(nullable = false, updatable = false)
    public String inputs;

    /** Where the image is pushed, by tag: {@code <registry>/<repository>/<service>:key-<key>}. */
    @Column(nullable = false, updatable = false)
    public String destination;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** Why it built or reused, or why it failed. */
    public String reason;

    /** The image by digest, once known. */
    public String image;

    /** The build namespace its Job runs in; null for a CACHED one. */
    public String namespace;

    /** The build's log (the tail, when {@link #logTruncated}). */
    @Column(nullable = false)
    public String log = "";

    @Column(name = "log_truncated", nullable = false)
    public boolean logTruncated;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
