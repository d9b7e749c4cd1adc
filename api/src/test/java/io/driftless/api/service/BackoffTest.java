package io.driftless.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BackoffTest {

    static final Backoff BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 6);

    @Test
    void theCeilingDoublesWithEachTryUpToTheCap() {
        assertThat(BACKOFF.ceiling(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(BACKOFF.ceiling(2)).isEqualTo(Duration.ofMillis(1000));
        assertThat(BACKOFF.ceiling(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(BACKOFF.ceiling(7)).isEqualTo(Duration.ofSeconds(30));
        assertThat(BACKOFF.ceiling(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void fullJitterDrawsBetweenZeroAndTheCeiling() {
        assertThat(BACKOFF.delay(3, () -> 0.0, Optional.empty())).isEqualTo(Duration.ZERO);
        assertThat(BACKOFF.delay(3, () -> 0.5, Optional.empty())).isEqualTo(Duration.ofMillis(1000));
        assertThat(BACKOFF.delay(3, () -> 0.999, Optional.empty())).isLessThan(Duration.ofMillis(2000));
    }

    @Test
    void aLongerRetryAfterIsHonoured() {
        assertThat(BACKOFF.delay(1, () -> 0.5, Optional.of(Duration.ofSeconds(7)))).isEqualTo(Duration.ofSeconds(7));
        assertThat(BACKOFF.delay(6, () -> 0.99, Optional.of(Duration.ofSeconds(1))))
                .isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void triesAreBounded() {
        assertThat(BACKOFF.mayRetry(5)).isTrue();
        assertThat(BACKOFF.mayRetry(6)).isFalse();
    }
}
