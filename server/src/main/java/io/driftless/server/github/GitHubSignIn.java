package io.driftless.server.github;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.driftless.api.config.GitHubConfig;
import io.driftless.api.github.GitHubLinks;
import io.driftless.api.security.AuthConfig;
import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;

/**
 * With {@code driftless.auth.ui-login=github}, the pages sign people in with Quarkus OIDC's GitHub provider, on
 * the GitHub Driftless is configured with: its web site ({@link GitHubLinks}, for GitHub Enterprise too) serves
 * the OAuth endpoints, its API the user. The tenant is made here rather than in application.properties because
 * its URLs follow {@code driftless.github.api-url} and it exists only in this mode.
 */
@ApplicationScoped
public class GitHubSignIn {

    /** The OIDC tenant's id; its session cookie is {@code q_session_github}. */
    public static final String TENANT = "github";

    void create(@Observes Oidc oidc, AuthConfig auth, GitHubConfig github) {
        if (auth.uiLogin() != AuthConfig.UiLogin.github) {
            return;
        }
        AuthConfig.Github config = auth.github();
        GitHubLinks links = GitHubLinks.of(github.apiUrl(), github.webUrl());
        oidc.create(OidcTenantConfig.builder()
                .tenantId(TENANT)
                .provider(io.quarkus.oidc.runtime.OidcTenantConfig.Provider.GITHUB)
                .authServerUrl(links.web() + "/login/oauth")
                .userInfoPath(github.apiUrl().replaceAll("/+$", "") + "/user")
                .clientId(config.clientId().orElseThrow(() -> new IllegalStateException(
                        "driftless.auth.ui-login=github needs driftless.auth.github.client-id")))
                .credentials(config.clientSecret().orElseThrow(() -> new IllegalStateException(
                        "driftless.auth.ui-login=github needs driftless.auth.github.client-secret")))
                .tenantPaths("/*")
                .authentication()
                // repo: private repositories' permissions for an OAuth App; read:org: the admin team
                .scopes("repo", "read:org")
                .redirectPath("/oidc/callback")
                .restorePathAfterRedirect(true)
                .end()
                .token().principalClaim("login").end()
                .build());
    }
}
