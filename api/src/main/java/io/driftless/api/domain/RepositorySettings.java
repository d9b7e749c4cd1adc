package io.driftless.api.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** How webhook-triggered revisions of one repository are made: the image of a commit and its port. */
@Entity
@Table(name = "repository_settings")
public class RepositorySettings {

    /** owner/name on GitHub. */
    @Id
    public String repository;

    /** An image reference with {@code {sha}} where the commit goes, e.g. {@code ghcr.io/acme/shop:{sha}}. */
    @Column(name = "image_template", nullable = false)
    public String imageTemplate;

    @Column(nullable = false)
    public int port;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
