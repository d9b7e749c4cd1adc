package io.driftless.api.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One GitHub webhook delivery, stored as received, and what processing it did. */
@Entity
@Table(name = "github_delivery")
public class GitHubDelivery {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** GitHub's {@code X-GitHub-Delivery}: unique, so a replay is recognised. */
    @Column(name = "delivery_id", nullable = false, updatable = false)
    public String deliveryId;

    /** GitHub's {@code X-GitHub-Event}: ping, pull_request, push... */
    @Column(nullable = false, updatable = false)
    public String event;

    @Column(nullable = false, updatable = false)
    public String payload;

    @Column(name = "received_at", nullable = false, updatable = false)
    public Instant receivedAt;

    @Column(name = "processed_at")
    public Instant processedAt;

    /** What was done, or why nothing was: for people reading the history. */
    @Column
    public String outcome;
}
