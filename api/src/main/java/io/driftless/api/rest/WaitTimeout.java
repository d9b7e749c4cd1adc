package io.driftless.api.rest;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code timeout} of a long poll: "500ms", "120s", "2m" or plain seconds ("90"), at most {@link #MAX}. */
public final class WaitTimeout {

    /** How long a wait lasts when no timeout is given. */
    public static final Duration DEFAULT = Duration.ofSeconds(60);
    /** No wait holds a request open longer: proxies and clients give up on longer ones anyway. */
    public static final Duration MAX = Duration.ofMinutes(10);

    static final String MESSAGE = "must be a duration like 500ms, 120s, 2m or plain seconds, from 0 to 10m";

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private WaitTimeout() {
    }

    /** @throws IllegalArgumentException with {@link #MESSAGE} for anything else */
    public static Duration parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(MESSAGE);
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration duration = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (duration.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(MESSAGE);
        }
        return duration;
    }
}
