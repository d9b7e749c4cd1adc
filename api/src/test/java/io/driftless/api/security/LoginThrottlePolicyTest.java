package io.driftless.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginThrottlePolicyTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    final LoginThrottlePolicy policy = new LoginThrottlePolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(8), 10,
            Duration.ofMinutes(15), Duration.ofMinutes(15));

    @Test
    void theFirstFailuresAreFreeThenTheDelayDoublesUpToItsCap() {
        assertThat(policy.delayAfter(1)).isZero();
        assertThat(policy.delayAfter(3)).isZero();
        assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(7)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.delayAfter(9)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void theTenthFailureInTheWindowLocksForFifteenMinutes() {
        LoginThrottlePolicy.Count count = null;
        for (int i = 0; i < 9; i++) {
            count = policy.afterFailure(count, T0.plusSeconds(i));
            assertThat(count.lockedUntil()).isNull();
        }
        count = policy.afterFailure(count, T0.plusSeconds(9));
        assertThat(count.failures()).isEqualTo(10);
        assertThat(count.lockedUntil()).isEqualTo(T0.plusSeconds(9).plus(Duration.ofMinutes(15)));
        assertThat(policy.isLocked(count, T0.plusSeconds(10))).isTrue();
        assertThat(policy.isLocked(count, count.lockedUntil())).isFalse();
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        LoginThrottlePolicy.Count count = policy.afterFailure(null, T0);
        count = policy.afterFailure(count, T0.plus(Duration.ofMinutes(14)));
        assertThat(count.failures()).isEqualTo(2);
        count = policy.afterFailure(count, T0.plus(Duration.ofMinutes(15)));
        assertThat(count).isEqualTo(new LoginThrottlePolicy.Count(1, T0.plus(Duration.ofMinutes(15)), null));
    }

    @Test
    void aFailureAfterALockRanOutCountsFromOneAgain() {
        LoginThrottlePolicy.Count locked = new LoginThrottlePolicy.Count(10, T0, T0.plus(Duration.ofMinutes(15)));
        LoginThrottlePolicy.Count after = policy.afterFailure(locked, T0.plus(Duration.ofMinutes(15)));
        assertThat(after).isEqualTo(new LoginThrottlePolicy.Count(1, T0.plus(Duration.ofMinutes(15)), null));
        assertThat(policy.isOver(locked, T0.plus(Duration.ofMinutes(14)))).isFalse();
        assertThat(policy.isOver(locked, T0.plus(Duration.ofMinutes(15)))).isTrue();
    }
}
