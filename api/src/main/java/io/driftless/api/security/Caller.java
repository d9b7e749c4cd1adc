package io.driftless.api.security;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who is calling: a name for the audit trail, a role, the repositories the caller may see, those among them it
 * may act on ({@link #ALL} for every repository), and whether repositories it may not see are concealed (404)
 * rather than refused (403).
 *
 * <p>
 * Tokens and local users act on every repository they see and are refused elsewhere. A GitHub user sees the
 * repositories they can read on GitHub, acts on those they can write to, and does not learn that others exist.
 */
public record Caller(String name, Role role, Set<String> repositories, Set<String> writable, boolean concealing) {

    public static final String ALL = "*";

    public Caller {
        repositories = Set.copyOf(repositories);
        writable = Set.copyOf(writable);
    }

    /** A caller that acts on every repository it sees and is refused (403) elsewhere. */
    public Caller(String name, Role role, Set<String> repositories) {
        this(name, role, repositories, Set.of(ALL), false);
    }

    /** Whether the caller may act (tear down, roll back, extend, redeploy, sleep, wake) on the repository. */
    public boolean actsOn(String repository) {
        return covers(repository) && (writable.contains(ALL)
                || repository != null && writable.contains(repository.toLowerCase(Locale.ROOT)));
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
