package io.driftless.api.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long an environment may go without a request to its preview or a new revision before its current
 * revision is put to sleep (its workloads scaled to zero until the next request wakes it), or
 * {@code never}.
 *
 * @param after the idle time; null for {@code never}
 */
public record SleepAfter(Duration after) {

    public static final SleepAfter NEVER = new SleepAfter(null);

    public static final String MESSAGE = "must be never or a duration such as 2h";

    /** @throws IllegalArgumentException with {@link #MESSAGE} */
    public static SleepAfter parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("never")) {
            return NEVER;
        }
        try {
            return new SleepAfter(PolicyDuration.parse(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MESSAGE + ", not '" + t + "'");
        }
    }

    public boolean never() {
        return after == null;
    }

    /** When an environment last active at {@code lastActivity} falls asleep; empty for {@code never}. */
    public Optional<Instant> asleepAt(Instant lastActivity) {
        return never() ? Optional.empty() : Optional.of(lastActivity.plus(after));
    }

    @Override
    public String toString() {
        return never() ? "never" : PolicyDuration.format(after);
    }
}
