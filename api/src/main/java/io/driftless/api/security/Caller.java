package io.driftless.api.security;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

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

    /**
     * A scope as tokens and users keep it: each entry trimmed and in lower case (GitHub compares names without
     * case), sorted, without repeats.
     */
    public static SortedSet<String> scope(Collection<String> repositories) {
        SortedSet<String> scope = new TreeSet<>();
        repositories.forEach(r -> scope.add(r.trim().toLowerCase(Locale.ROOT)));
        return scope;
    }

    public boolean coversAll() {
        return repositories.contains(ALL);
    }
}
