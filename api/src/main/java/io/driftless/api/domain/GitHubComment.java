package io.driftless.api.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The one comment an environment keeps on its pull request, updated in place as its state moves. */
@Entity
@Table(name = "github_comment")
public class GitHubComment {

    @Id
    @Column(name = "environment_id")
    public UUID environmentId;

    @Column(nullable = false)
    public String repository;

    @Column(name = "pull_request", nullable = false)
    public int pullRequest;

    @Column(name = "comment_id", nullable = false)
    public long commentId;

    /** SHA-256 (hex) of the body last written, so an unchanged body is not sent again. */
    @Column(name = "body_sha256", nullable = false)
    public String bodySha256;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
