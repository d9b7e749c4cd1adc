package io.driftless.api.security;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The failed logins of one user name or one address in the current window, and its lock if any. */
@Entity
@Table(name = "login_throttle")
public class LoginFailures {

    /** {@code user:<name tried>} or {@code address:<ip>}. */
    @Id
    public String subject;

    @Column(nullable = false)
    public int failures;

    @Column(name = "window_start", nullable = false)
    public Instant windowStart;

    @Column(name = "last_failure", nullable = false)
    public Instant lastFailure;

    @Column(name = "locked_until")
    public Instant lockedUntil;

    LoginThrottlePolicy.Count count() {
        return new LoginThrottlePolicy.Count(failures, windowStart, lockedUntil);
    }
}
