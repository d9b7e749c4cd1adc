package io.driftless.worker.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.driftless.worker.notify.WebhookDelivery.Outcome;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2025-10-21T07:28:00Z");

    @Test
    void shouldReadDelaySeconds() {
        assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofMinutes(2));
        assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
    }

    @Test
    void shouldReadAnHttpDateAsTheTimeLeftUntilThen() {
        assertThat(RetryAfter.parse("Tue, 21 Oct 2025 07:28:30 GMT", NOW)).contains(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse("Tue, 21 Oct 2025 07:00:00 GMT", NOW)).contains(Duration.ZERO);
    }

    @Test
    void shouldIgnoreWhatItCannotRead() {
        assertThat(RetryAfter.parse(null, NOW)).isEmpty();
        assertThat(RetryAfter.parse("", NOW)).isEmpty();
        assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
        assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
        assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEmpty();
    }

    @Test
    void shouldRetryServerErrorsRateLimitsAndTimeoutsAndGiveUpOnOtherRefusals() {
        assertThat(Outcome.of(200)).isEqualTo(Outcome.DELIVERED);
        assertThat(Outcome.of(204)).isEqualTo(Outcome.DELIVERED);
        assertThat(Outcome.of(500)).isEqualTo(Outcome.RETRY);
        assertThat(Outcome.of(503)).isEqualTo(Outcome.RETRY);
        assertThat(Outcome.of(429)).isEqualTo(Outcome.RETRY);
        assertThat(Outcome.of(408)).isEqualTo(Outcome.RETRY);
        assertThat(Outcome.of(400)).isEqualTo(Outcome.REFUSED);
        assertThat(Outcome.of(404)).isEqualTo(Outcome.REFUSED);
        assertThat(Outcome.of(410)).isEqualTo(Outcome.REFUSED);
        assertThat(Outcome.of(301)).isEqualTo(Outcome.REFUSED);
    }
}
