package io.driftless.api.policy;

import java.util.Optional;

/** What a request for a new environment does when its repository has {@code maxEnvironmentsPerRepository}. */
public enum WhenFull {
    /** The request gets a problem saying which environments hold the places. */
    REFUSE("refuse"),
    /** The environment idle the longest (not pinned, not protected) is torn down to make room. */
    EVICT_OLDEST_IDLE("evict-oldest-idle");

    private final String text;

    WhenFull(String text) {
        this.text = text;
    }

    public static Optional<WhenFull> parse(String text) {
        for (WhenFull w : values()) {
            if (w.text.equalsIgnoreCase(text == null ? "" : text.trim())) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return text;
    }
}
