package io.driftless.api.service;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a job that failed for a passing reason runs again: exponential backoff with full jitter
 * (each delay drawn uniformly from [0, min(cap, base·2^(attempt-1))]), at least as long as the server
 * asked for with Retry-After, and no more tries than {@code maxAttempts}.
 *
 * @param base        the first delay's upper bound
 * @param cap         no delay is longer (except a longer Retry-After)
 * @param maxAttempts tries in all, the first included
 */
public record Backoff(Duration base, Duration cap, int maxAttempts) {

    /** Whether a job that has made {@code attempts} tries may try again. */
    public boolean mayRetry(int attempts) {
        return attempts < maxAttempts;
    }

    /** The upper bound of the delay after the {@code attempt}-th try (1-based), before jitter. */
    public Duration ceiling(int attempt) {
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long millis = base.toMillis() << doublings;
        return Duration.ofMillis(Math.min(millis <= 0 ? Long.MAX_VALUE : millis, cap.toMillis()));
    }

    /**
     * The delay before the next try.
     *
     * @param random     a uniform draw in [0, 1)
     * @param retryAfter what the server asked for, if anything; honoured as a minimum
     */
    public Duration delay(int attempt, DoubleSupplier random, Optional<Duration> retryAfter) {
        Duration jittered = Duration.ofMillis((long) (ceiling(attempt).toMillis() * random.getAsDouble()));
        return retryAfter.filter(r -> r.compareTo(jittered) > 0).orElse(jittered);
    }
}
