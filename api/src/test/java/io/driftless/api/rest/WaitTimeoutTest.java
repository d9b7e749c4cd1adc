package io.driftless.api.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WaitTimeoutTest {

    @ParameterizedTest
    @CsvSource({ "120s, PT2M", "2m, PT2M", "500ms, PT0.5S", "90, PT1M30S", "0, PT0S", "10m, PT10M",
            "600000ms, PT10M", "' 30S ', PT30S" })
    void shouldReadMillisecondsSecondsMinutesAndPlainSeconds(String text, String expected) {
        assertThat(WaitTimeout.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "abc", "-5s", "1.5s", "2h", "11m", "601s", "600001ms", "5 s", "s", "1m30s",
            "9999999999" })
    void shouldRefuseOtherSyntaxAndWaitsLongerThanTenMinutes(String text) {
        assertThatThrownBy(() -> WaitTimeout.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(WaitTimeout.MESSAGE);
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseNull() {
        assertThatThrownBy(() -> WaitTimeout.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
