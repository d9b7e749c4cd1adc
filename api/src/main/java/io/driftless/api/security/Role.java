package io.driftless.api.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do. A bot requests and tears down environments of its repositories (and reads them,
 * to follow what it asked for); a reviewer views, tears down and rolls back; an admin does everything,
 * including settings, approvals and tokens.
 */
public enum Role {
    bot,
    reviewer,
    admin;

    /** The role names for {@code @RolesAllowed}. */
    public static final String BOT = "bot";
    public static final String REVIEWER = "reviewer";
    public static final String ADMIN = "admin";

    public static Optional<Role> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
