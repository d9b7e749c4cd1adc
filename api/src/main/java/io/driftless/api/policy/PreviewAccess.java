package io.driftless.api.policy;

import java.util.Locale;

/**
 * Who may open an environment's preview URLs, enforced at the ingress by {@code GET /edge/check}: anyone
 * ({@code public}, the default, as before this field existed), a reviewer or admin of the repository
 * logged in to Driftless ({@code login}), or anyone holding an unexpired, unrevoked share link
 * ({@code link}).
 */
public enum PreviewAccess {
    PUBLIC,
    LOGIN,
    LINK;

    public static final String MESSAGE = "must be public, login or link";

    /** @throws IllegalArgumentException with {@link #MESSAGE} */
    public static PreviewAccess parse(String text) {
        String t = text == null ? "" : text.trim();
        for (PreviewAccess a : values()) {
            if (a.toString().equals(t.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException(MESSAGE + ", not '" + t + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
