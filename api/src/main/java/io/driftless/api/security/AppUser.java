package io.driftless.api.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A person who logs in to the UI with a password. */
@Entity
@Table(name = "app_user")
public class AppUser {

    @Id
    public String username;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Role role;

    /** owner/name per line, lower case, or '*': the same scope an API token carries. */
    @Column(nullable = false)
    public String repositories;

    /**
     * Carried by the user's session cookies; a new one (on a password reset, on disabling) ends every
     * session issued before, which Quarkus's stateless cookie cannot do by itself.
     */
    @Column(name = "session_stamp", nullable = false)
    public String sessionStamp;

    @Column(name = "disabled_at")
    public Instant disabledAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** Null for the admin Driftless created on its first start. */
    @Column(name = "created_by", updatable = false)
    public String createdBy;

    @Column(name = "password_set_at", nullable = false)
    public Instant passwordSetAt;

    public Set<String> repositorySet() {
        return new LinkedHashSet<>(Arrays.asList(repositories.split("\n")));
    }

    public boolean enabled() {
        return disabledAt == null;
    }
}
