package io.driftless.server.github;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.driftless.api.security.Caller;
import io.driftless.api.security.Identities;
import io.driftless.api.security.Role;
import io.driftless.api.security.github.GitHubCallers;
import io.driftless.api.security.github.GitHubUnavailable;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Gives a user signed in with GitHub the {@link Caller} their GitHub permissions make (on every request, from
 * {@link GitHubCallers}' cache), so that every list, page and event stream filters by it as it does for tokens
 * and local users.
 */
@ApplicationScoped
public class GitHubIdentities implements SecurityIdentityAugmentor {

    /** The identity attribute Quarkus OIDC names the tenant with (OidcUtils.TENANT_ID_ATTRIBUTE). */
    private static final String TENANT_ID = "tenant-id";

    private final GitHubCallers callers;

    public GitHubIdentities(GitHubCallers callers) {
        this.callers = callers;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (identity.isAnonymous() || token == null || identity.getAttribute(Identities.CALLER) != null
                || !GitHubSignIn.TENANT.equals(identity.getAttribute(TENANT_ID))) {
            return Uni.createFrom().item(identity);
        }
        String login = identity.getPrincipal().getName();
        return context.runBlocking(() -> {
            try {
                Caller caller = callers.caller(login, token.getToken());
                return QuarkusSecurityIdentity.builder(identity)
                        .addRole(caller.role().name())
                        .addAttribute(Identities.CALLER, caller)
                        .build();
            } catch (GitHubUnavailable e) {
                // not a failed login (Quarkus would answer a bare 401 or send them to GitHub again): the
                // session stays, the scope is empty, and the pages answer 503 with why (GitHubOutage)
                return QuarkusSecurityIdentity.builder(identity)
                        .addRole(Role.REVIEWER)
                        .addAttribute(Identities.CALLER, new Caller("github:" + login, Role.reviewer, Set.of(),
                                Set.of(), true))
                        .addAttribute(GitHubUnavailable.ATTRIBUTE, e.getMessage())
                        .build();
            }
        });
    }
}
