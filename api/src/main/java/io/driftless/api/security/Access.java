package io.driftless.api.security;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.driftless.api.service.NotFoundProblem;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The caller of the current request and what its scope allows. Roles are checked by
 * {@code @RolesAllowed} on each endpoint; the repository scope, which needs the object's repository,
 * is checked here.
 */
@ApplicationScoped
public class Access {

    private final SecurityIdentity identity;

    public Access(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller caller() {
        Caller caller = identity.getAttribute(Identities.CALLER);
        if (caller != null) {
            return caller;
        }
        // an identity from elsewhere (OIDC): its roles, every repository
        Role role = identity.hasRole(Role.ADMIN) ? Role.admin
                : identity.hasRole(Role.REVIEWER) ? Role.reviewer : Role.bot;
        String name = identity.isAnonymous() ? "anonymous" : "oidc:" + identity.getPrincipal().getName();
        return new Caller(name, role, Set.of(Caller.ALL));
    }

    /** The caller's name for the audit trail. */
    public String actor() {
        return caller().name();
    }

    /**
     * Refuses (403) a caller whose scope does not cover the repository, or answers as if it did not exist (404)
     * when the caller conceals what it may not see.
     */
    public void requireRepository(String repository) {
        Caller caller = caller();
        if (!caller.covers(repository)) {
            if (caller.concealing()) {
                throw new NotFoundProblem("Nothing of that id is visible to " + caller.name() + ".");
            }
            String kind = caller.name().startsWith(UserService.USER_PREFIX) ? " user '" : " token '";
            throw new ForbiddenProblem("The " + caller.role() + kind + caller.name()
                    + "' is not allowed to act on the repository " + repository + ".");
        }
    }

    /**
     * As {@link #requireRepository}, and refuses (403) a caller who may see the repository but not act on it
     * (a GitHub user with read or triage permission only).
     */
    public void requireAction(String repository) {
        requireRepository(repository);
        Caller caller = caller();
        if (!caller.actsOn(repository)) {
            throw new ForbiddenProblem(caller.name() + " may view " + repository
                    + " but not change its environments: that needs write permission on the repository.");
        }
    }

    /** The repositories the caller may see; empty when it sees all of them. */
    public Optional<Set<String>> visibleRepositories() {
        Caller caller = caller();
        return caller.coversAll() ? Optional.empty() : Optional.of(caller.repositories());
    }
}
