package io.driftless.web;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateExtension;

/** How times read on the pages. */
@TemplateExtension
public final class TimeExtensions {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);

    private TimeExtensions() {
    }

    /** "just now", "42s", "5m", "3h", "2d": how long ago. */
    static String age(Instant instant) {
        return age(instant, Instant.now());
    }

    static String age(Instant instant, Instant now) {
        if (instant == null) {
            return "";
        }
        long seconds = Math.max(0, Duration.between(instant, now).toSeconds());
        if (seconds < 5) {
            return "just now";
        }
        if (seconds < 60) {
            return seconds + "s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m ago";
        }
        if (seconds < 86400) {
            return seconds / 3600 + "h ago";
        }
        return seconds / 86400 + "d ago";
    }

    /**
     * "in 2 days", "in 5 hours", "in 12 minutes", "in less than a minute", "due now": how long until. Read
     * against the clock policy decisions are made at (the application's {@link InstantSource}), so the
     * page agrees with the expiry it shows.
     */
    static String fromNow(Instant instant) {
        return fromNow(instant, Arc.container().instance(InstantSource.class).get().instant());
    }

    static String fromNow(Instant instant, Instant now) {
        if (instant == null) {
            return "";
        }
        long seconds = Duration.between(now, instant).toSeconds();
        if (seconds <= 0) {
            return "due now";
        }
        if (seconds < 60) {
            return "in less than a minute";
        }
        if (seconds < 3600) {
            return "in " + plural(seconds / 60, "minute");
        }
        if (seconds < 2 * 86400) {
            return "in " + plural(seconds / 3600, "hour");
        }
        return "in " + plural(seconds / 86400, "day");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    static String stamp(Instant instant) {
        return instant == null ? "" : STAMP.format(instant);
    }
}
