package io.driftless.worker.jobs;

import java.time.Duration;
import java.util.Optional;

/**
 * Thrown by a {@link JobHandler} for a failure worth another try later (a 5xx, a rate limit), when the
 * cause is not one {@link Failures} recognises by itself. {@code retryAfter} is honoured when the other
 * side said how long to wait.
 */
public class PassingFailure extends RuntimeException {

    private final transient Optional<Duration> retryAfter;

    public PassingFailure(String message, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public PassingFailure(String message, Optional<Duration> retryAfter) {
        this(message, retryAfter, null);
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
