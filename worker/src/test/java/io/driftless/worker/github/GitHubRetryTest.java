package io.driftless.worker.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class GitHubRetryTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private static GitHubRetry.Decision decide(int status, String retryAfter, String remaining, String reset,
            String message) {
        return GitHubRetry.decide(status, Optional.ofNullable(retryAfter), Optional.ofNullable(remaining),
                Optional.ofNullable(reset), message, NOW);
    }

    @Test
    void anExhaustedPrimaryRateLimitWaitsUntilItsResetTime() {
        String reset = String.valueOf(NOW.getEpochSecond() + 42);

        assertThat(decide(403, null, "0", reset, "API rate limit exceeded"))
                .isEqualTo(new GitHubRetry.Decision(true, Optional.of(Duration.ofSeconds(42))));
        assertThat(decide(429, null, "0", reset, "")).isEqualTo(
                new GitHubRetry.Decision(true, Optional.of(Duration.ofSeconds(42))));
    }

    @Test
    void aResetTimeAlreadyPastWaitsASecondRatherThanSpinning() {
        String past = String.valueOf(NOW.getEpochSecond() - 5);

        assertThat(decide(403, null, "0", past, "").delay()).contains(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterInSecondsOrAsAnHttpDateIsObeyedAndWinsOverTheReset() {
        assertThat(decide(403, "30", "0", String.valueOf(NOW.getEpochSecond() + 3600), "secondary rate limit").delay())
                .contains(Duration.ofSeconds(30));
        assertThat(decide(429, "Sun, 01 Mar 2026 12:02:00 GMT", null, null, "").delay())
                .contains(Duration.ofMinutes(2));
        assertThat(decide(503, "7", null, null, "").delay()).contains(Duration.ofSeconds(7));
    }

    @Test
    void aSecondaryRateLimitWithoutATimeWaitsAMinute() {
        assertThat(decide(403, null, "12", null, "You have exceeded a secondary rate limit."))
                .isEqualTo(new GitHubRetry.Decision(true, Optional.of(Duration.ofMinutes(1))));
        assertThat(decide(429, null, null, null, "").delay()).contains(Duration.ofMinutes(1));
    }

    @Test
    void serverErrorsAndTimeoutsAreLeftToTheWorkersBackoff() {
        for (int status : new int[] { 500, 502, 503, 504, 408 }) {
            assertThat(decide(status, null, null, null, "")).as("HTTP %d", status)
                    .isEqualTo(new GitHubRetry.Decision(true, Optional.empty()));
        }
    }

    @Test
    void otherClientErrorsArePermanentEvenWithRateLimitHeadersLeft() {
        assertThat(decide(422, null, "4999", "123", "Validation Failed").retry()).isFalse();
        assertThat(decide(404, null, "4999", "123", "Not Found").retry()).isFalse();
        assertThat(decide(403, null, "4999", "123", "Resource not accessible by integration").retry()).isFalse();
        assertThat(decide(401, null, null, null, "Bad credentials").retry()).isFalse();
        // Retry-After on a 422 does not make it worth repeating the same invalid request
        assertThat(decide(422, "5", null, null, "").retry()).isFalse();
    }

    @Test
    void anUnreadableRetryAfterFallsBackToTheOtherRules() {
        assertThat(decide(502, "soon", null, null, "")).isEqualTo(new GitHubRetry.Decision(true, Optional.empty()));
    }
}
