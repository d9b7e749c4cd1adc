package io.driftless.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

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

    static String stamp(Instant instant) {
        return instant == null ? "" : STAMP.format(instant);
    }
}
