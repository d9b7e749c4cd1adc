package io.driftless.api.security;

import java.util.Locale;
import java.util.Set;

/**
 * Who is calling: a name for the audit trail, a role, and the repositories the caller may act on
 * ({@link #ALL} for every repository).
 */
public record Caller(String name, Role role, Set<String> repositories) {

    public static final String ALL = "*";

    public Caller {
        repositories = Set.copyOf(repositories);
    }

    /** Whether the caller's scope covers the repository (owner/name, compared without case, as GitHub does). */
    public boolean covers(String repository) {
        if (repositories.contains(ALL)) {
            return true;
        }
        return repository != null && repositories.contains(repository.toLowerCase(Locale.ROOT));
    }

    public boolean coversAll() {
        return repositories.contains(ALL);
    }
}
