package io.driftless.api.policy;

import java.time.Duration;

/** At most {@code count} automatic teardowns per {@code per}; past it the reaper pauses. */
public record DeletionBudget(int count, Duration per) {

    @Override
    public String toString() {
        return count + " per " + PolicyDuration.format(per);
    }
}
