package io.driftless.api.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The GitHub Deployment that stands for a revision, and the last status posted to it. Written as soon
 * as GitHub answers, so a job run again finds it instead of creating a second Deployment.
 */
@Entity
@Table(name = "github_deployment")
public class GitHubDeployment {

    @Id
    @Column(name = "revision_id")
    public UUID revisionId;

    @Column(name = "environment_id", nullable = false, updatable = false)
    public UUID environmentId;

    /** owner/name on GitHub, where the Deployment lives. */
    @Column(nullable = false, updatable = false)
    public String repository;

    @Column(name = "deployment_id", nullable = false, updatable = false)
    public long deploymentId;

    /** GitHub's name of the last state posted (in_progress, success, failure, inactive); null before the first. */
    @Column(name = "reported_state")
    public String reportedState;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
