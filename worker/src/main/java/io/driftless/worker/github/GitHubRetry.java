package io.driftless.worker.github;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Whether a GitHub error is worth another try, and how long to wait first, after GitHub's rules for
 * rate limits: a {@code Retry-After} header is obeyed; a 403 or 429 with {@code X-RateLimit-Remaining: 0}
 * waits until {@code X-RateLimit-Reset} (epoch seconds); any other 429, or a 403 whose message speaks of a
 * (secondary) rate limit, waits a minute; 408 and 5xx are tried again with the worker's backoff. Every
 * other 4xx is permanent: what was sent is wrong, or the repository is not there for these credentials.
 */
public final class GitHubRetry {

    /** GitHub asks for at least this long when a secondary rate limit gives no time. */
    static final Duration SECONDARY_LIMIT_WAIT = Duration.ofMinutes(1);
    /** Never less than this, so a reset time a little behind our clock does not spin. */
    static final Duration MINIMUM_WAIT = Duration.ofSeconds(1);

    /** @param delay how long to wait at least; empty means the worker's own backoff decides */
    public record Decision(boolean retry, Optional<Duration> delay) {

        static Decision permanent() {
            return new Decision(false, Optional.empty());
        }

        static Decision backoff() {
            return new Decision(true, Optional.empty());
        }

        static Decision after(Duration wait) {
            return new Decision(true, Optional.of(wait.compareTo(MINIMUM_WAIT) < 0 ? MINIMUM_WAIT : wait));
        }
    }

    private GitHubRetry() {
    }

    public static Decision decide(GitHubException e, Instant now) {
        return decide(e.status(), e.retryAfter(), e.rateLimitRemaining(), e.rateLimitReset(), e.gitHubMessage(), now);
    }

    public static Decision decide(int status, Optional<String> retryAfter, Optional<String> rateLimitRemaining,
            Optional<String> rateLimitReset, String message, Instant now) {
        boolean limitStatus = status == 403 || status == 429;
        Optional<Duration> asked = retryAfter.flatMap(value -> parseRetryAfter(value, now));
        if (asked.isPresent() && (limitStatus || status == 408 || status >= 500)) {
            return Decision.after(asked.get());
        }
        if (limitStatus && rateLimitRemaining.map(String::strip).filter("0"::equals).isPresent()) {
            Optional<Instant> reset = rateLimitReset.flatMap(GitHubRetry::epochSeconds);
            return Decision.after(reset.map(r -> Duration.between(now, r)).orElse(SECONDARY_LIMIT_WAIT));
        }
        if (status == 429 || (status == 403 && message != null && message.toLowerCase().contains("rate limit"))) {
            return Decision.after(SECONDARY_LIMIT_WAIT);
        }
        if (status == 408 || status >= 500) {
            return Decision.backoff();
        }
        return Decision.permanent();
    }

    /** Retry-After is delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit) && !v.isEmpty()) {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException tooLong) {
                return Optional.empty();
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(Duration.between(now, at));
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> epochSeconds(String value) {
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
