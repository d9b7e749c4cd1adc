package io.driftless.api.security;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

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

    /** Refuses (403) a caller whose scope does not cover the repository. */
    public void requireRepository(String repository) {
        Caller caller = caller();
        if (!caller.covers(repository)) {
            String kind = caller.name().startsWith(UserService.USER_PREFIX) ? " user '" : " token '";
            throw new ForbiddenProblem("The " + caller.role() + kind + caller.name()
                    + "' is not allowed to act on the repository " + repository + ".");
        }
    }

    /** The repositories the caller may see; empty when it sees all of them. */
    public Optional<Set<String>> visibleRepositories() {
        Caller caller = caller();
        return caller.coversAll() ? Optional.empty() : Optional.of(caller.repositories());
    }
}
