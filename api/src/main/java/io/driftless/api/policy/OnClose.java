package io.driftless.api.policy;

import java.time.Duration;

/**
 * What closing (or merging) a pull request does to its environment: tear it down at once, keep it
 * (idle expiry still applies), or tear it down after a grace period.
 *
 * @param grace the grace period; null for {@code teardown} and {@code keep}
 */
public record OnClose(Kind kind, Duration grace) {

    public enum Kind {
        TEARDOWN,
        KEEP,
        GRACE
    }

    public static final OnClose TEARDOWN = new OnClose(Kind.TEARDOWN, null);
    public static final OnClose KEEP = new OnClose(Kind.KEEP, null);

    public static final String MESSAGE = "must be teardown, keep, or a grace duration such as 2h";

    /** @throws IllegalArgumentException with {@link #MESSAGE} */
    public static OnClose parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("teardown")) {
            return TEARDOWN;
        }
        if (t.equalsIgnoreCase("keep")) {
            return KEEP;
        }
        try {
            return new OnClose(Kind.GRACE, PolicyDuration.parse(t));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(MESSAGE + ", not '" + t + "'");
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TEARDOWN -> "teardown";
            case KEEP -> "keep";
            case GRACE -> PolicyDuration.format(grace);
        };
    }
}
