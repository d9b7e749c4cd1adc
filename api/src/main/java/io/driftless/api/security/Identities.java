package io.driftless.api.security;

import java.util.Set;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns credentials into a {@link SecurityIdentity} carrying the {@link Caller}: API tokens, UI
 * passwords, and the UI's session cookie (a trusted request for a user who logged in before).
 */
public final class Identities {

    /** The identity attribute holding the {@link Caller}. */
    public static final String CALLER = "driftless.caller";

    private Identities() {
    }

    static SecurityIdentity of(Caller caller) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.name()))
                .addRole(caller.role().name())
                .addAttribute(CALLER, caller)
                .build();
    }

    @ApplicationScoped
    public static class Tokens implements IdentityProvider<ApiTokenRequest> {

        private final TokenService tokens;

        public Tokens(TokenService tokens) {
            this.tokens = tokens;
        }

        @Override
        public Class<ApiTokenRequest> getRequestType() {
            return ApiTokenRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(ApiTokenRequest request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> tokens.authenticate(request.secret()).map(Identities::of)
                    .orElseThrow(() -> new AuthenticationFailedException("unknown, expired or revoked token")));
        }
    }

    @ApplicationScoped
    public static class Passwords implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

        private final UserService users;

        public Passwords(UserService users) {
            this.users = users;
        }

        @Override
        public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
            return UsernamePasswordAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                AuthenticationRequestContext context) {
            return context.runBlocking(() -> users.login(request.getUsername(),
                    new String(request.getPassword().getPassword())).map(Identities::of)
                    .orElseThrow(() -> new AuthenticationFailedException("wrong user name or password")));
        }
    }

    /** The UI session cookie names a user who logged in earlier; they must still exist. */
    @ApplicationScoped
    public static class Sessions implements IdentityProvider<TrustedAuthenticationRequest> {

        private final UserService users;

        public Sessions(UserService users) {
            this.users = users;
        }

        @Override
        public Class<TrustedAuthenticationRequest> getRequestType() {
            return TrustedAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request,
                AuthenticationRequestContext context) {
            return context.runBlocking(() -> users.find(UserService.username(request.getPrincipal())).map(Identities::of)
                    .orElseThrow(() -> new AuthenticationFailedException("no such user")));
        }
    }

    /** Every repository, for people (UI users): scopes are for tokens. */
    static Set<String> all() {
        return Set.of(Caller.ALL);
    }
}
