package io.driftless.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimeExtensionsTest {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void agesReadInTheLargestWholeUnit() {
        assertThat(TimeExtensions.age(NOW.minusSeconds(2), NOW)).isEqualTo("just now");
        assertThat(TimeExtensions.age(NOW.minusSeconds(42), NOW)).isEqualTo("42s ago");
        assertThat(TimeExtensions.age(NOW.minusSeconds(5 * 60 + 59), NOW)).isEqualTo("5m ago");
        assertThat(TimeExtensions.age(NOW.minusSeconds(3 * 3600), NOW)).isEqualTo("3h ago");
        assertThat(TimeExtensions.age(NOW.minusSeconds(2 * 86400 + 10), NOW)).isEqualTo("2d ago");
    }

    @Test
    void aClockSlightlyAheadStillReadsJustNow() {
        assertThat(TimeExtensions.age(NOW.plusSeconds(3), NOW)).isEqualTo("just now");
    }

    @Test
    void stampsAreUtcToTheMillisecond() {
        assertThat(TimeExtensions.stamp(Instant.parse("2026-11-28T05:12:25.816450Z")))
                .isEqualTo("2026-11-28 05:12:25.816 UTC");
    }

    @Test
    void timeToComeReadsInWholeUnitsAndHoursUpToTwoDays() {
        assertThat(TimeExtensions.fromNow(NOW.plusSeconds(30), NOW)).isEqualTo("in less than a minute");
        assertThat(TimeExtensions.fromNow(NOW.plusSeconds(60), NOW)).isEqualTo("in 1 minute");
        assertThat(TimeExtensions.fromNow(NOW.plusSeconds(12 * 60 + 59), NOW)).isEqualTo("in 12 minutes");
        assertThat(TimeExtensions.fromNow(NOW.plusSeconds(3600), NOW)).isEqualTo("in 1 hour");
        assertThat(TimeExtensions.fromNow(NOW.plusSeconds(47 * 3600), NOW)).isEqualTo("in 47 hours");
        assertThat(TimeExtensions.fromNow(NOW.plusSeconds(3 * 86400 - 1), NOW)).isEqualTo("in 2 days");
    }

    @Test
    void anExpiryThatHasPassedReadsDueNow() {
        assertThat(TimeExtensions.fromNow(NOW, NOW)).isEqualTo("due now");
        assertThat(TimeExtensions.fromNow(NOW.minusSeconds(90), NOW)).isEqualTo("due now");
    }
}
