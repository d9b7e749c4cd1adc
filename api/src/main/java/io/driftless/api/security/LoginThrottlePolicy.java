package io.driftless.api.security;

import java.time.Duration;
import java.time.Instant;

/**
 * How failed logins slow down and then lock a user name or an address: the first {@code freeFailures} in a
 * window cost nothing, each further one is answered after a delay that doubles from {@code delay} up to
 * {@code maxDelay}, and the {@code lockAfter}-th locks for {@code lockFor}: no password is checked until then.
 * A window starts with the first failure and lasts {@code window}; a lock that ran out starts a new one, so the
 * right password after the lock works and a wrong one counts from 1 again.
 */
public record LoginThrottlePolicy(int freeFailures, Duration delay, Duration maxDelay, int lockAfter, Duration lockFor,
        Duration window) {

    /** The failures counted in the current window, since {@code windowStart}, and the lock they led to. */
    public record Count(int failures, Instant windowStart, Instant lockedUntil) {
    }

    public static LoginThrottlePolicy of(AuthConfig.Login config) {
        return new LoginThrottlePolicy(config.freeFailures(), config.delay(), config.maxDelay(), config.lockAfter(),
                config.lockFor(), config.window());
    }

    public boolean isLocked(Count count, Instant now) {
        return count != null && count.lockedUntil() != null && now.isBefore(count.lockedUntil());
    }

    /** The count after one more failure at {@code now}; {@code before} is null when there was none. */
    public Count afterFailure(Count before, Instant now) {
        boolean fresh = before == null || !now.isBefore(before.windowStart().plus(window))
                || (before.lockedUntil() != null && !now.isBefore(before.lockedUntil()));
        int failures = fresh ? 1 : before.failures() + 1;
        Instant windowStart = fresh ? now : before.windowStart();
        return new Count(failures, windowStart, failures >= lockAfter ? now.plus(lockFor) : null);
    }

    /** How long the answer to the {@code failures}-th failure waits. */
    public Duration delayAfter(int failures) {
        int beyond = failures - freeFailures;
        if (beyond <= 0) {
            return Duration.ZERO;
        }
        Duration wait = delay;
        for (int i = 1; i < beyond && wait.compareTo(maxDelay) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxDelay) > 0 ? maxDelay : wait;
    }

    /** Whether a count can be forgotten at {@code now}: its window and its lock are over. */
    public boolean isOver(Count count, Instant now) {
        return !now.isBefore(count.windowStart().plus(window))
                && (count.lockedUntil() == null || !now.isBefore(count.lockedUntil()));
    }
}
