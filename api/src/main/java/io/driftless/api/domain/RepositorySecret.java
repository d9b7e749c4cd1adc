package io.driftless.api.domain;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A secret of one repository, stored sealed (AES-256-GCM): never its value in plain text. A deleted
 * secret stays as a tombstone (no ciphertext, {@link #deletedAt} set) so its version is never reused.
 */
@Entity
@Table(name = "repository_secret")
@IdClass(RepositorySecret.Key.class)
public class RepositorySecret {

    /** owner/name, lower-case. */
    @Id
    public String repository;

    /** As a stack refers to it, e.g. {@code STRIPE_TEST_KEY}. */
    @Id
    public String name;

    /** 1 for the first value, one more for each value put since; kept across a delete. */
    @Column(nullable = false)
    public int version;

    /** The sealed value with its GCM tag; null once deleted. */
    public byte[] ciphertext;

    /** The 96-bit GCM nonce of {@link #ciphertext}; null once deleted. */
    public byte[] nonce;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    /** When the secret was deleted; null while it has a value. */
    @Column(name = "deleted_at")
    public Instant deletedAt;

    /** The primary key: repository and name. */
    public static class Key implements Serializable {

        public String repository;
        public String name;

        public Key() {
        }

        public Key(String repository, String name) {
            this.repository = repository;
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(repository, k.repository) && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(repository, name);
        }
    }
}
