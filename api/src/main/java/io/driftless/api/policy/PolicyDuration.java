package io.driftless.api.policy;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration of a policy: {@code 90s}, {@code 45m}, {@code 2h}, {@code 3d} or ISO-8601 ({@code PT2H},
 * {@code P3D}). Written back in the largest unit that divides it, except that up to three days read in
 * hours as people say them ({@code 24h}, {@code 72h}; {@code 4d}, {@code 30d}).
 */
public final class PolicyDuration {

    public static final String MESSAGE = "must be a positive duration like 90s, 45m, 2h, 3d or PT2H";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*([smhd])");

    private PolicyDuration() {
    }

    /** @throws IllegalArgumentException saying what is accepted */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.trim();
        Duration duration;
        Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            duration = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                duration = Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(MESSAGE + ", not '" + t + "'");
            }
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(MESSAGE + ", not '" + t + "'");
        }
        if (duration.getNano() != 0) {
            throw new IllegalArgumentException("must be whole seconds, not '" + t + "'");
        }
        return duration;
    }

    /** The shortest exact form, hours up to three days: {@code 30d}, {@code 72h}, {@code 90m}, {@code 45s}. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 86_400 == 0 && seconds > 3 * 86_400) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
