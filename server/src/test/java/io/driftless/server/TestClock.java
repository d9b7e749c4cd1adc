package io.driftless.server;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The clock policy decisions are made at, in tests: the system clock plus an offset that a test moves
 * forward instead of sleeping. It never goes back, so times recorded earlier stay in the past.
 */
@ApplicationScoped
public class TestClock implements InstantSource {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    /** Moves time forward by {@code by}. */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time does not go back");
        }
        offset.updateAndGet(o -> o.plus(by));
    }
}
