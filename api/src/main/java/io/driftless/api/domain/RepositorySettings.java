package io.driftless.api.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * How webhook-triggered revisions of one repository are made: from the spec file at the commit, or
 * else from an image template and its port.
 */
@Entity
@Table(name = "repository_settings")
public class RepositorySettings {

    /** owner/name on GitHub. */
    @Id
    public String repository;

    /** The spec file's path from the repository root, e.g. {@code driftless.yaml}. */
    @Column(name = "spec_path", nullable = false)
    public String specPath;

    /**
     * An image reference with {@code {sha}} where the commit goes, e.g. {@code ghcr.io/acme/shop:{sha}};
     * null when the repository's previews come from its spec file only.
     */
    @Column(name = "image_template")
    public String imageTemplate;

    /** The port of the template's image; null exactly when there is no template. */
    @Column
    public Integer port;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
