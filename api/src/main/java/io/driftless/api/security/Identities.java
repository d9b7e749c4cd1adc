package io.driftless.api.security;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

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
        return of(caller, caller.name());
    }

    /** A UI user's identity: its principal name is what the session cookie keeps (see {@link UserService}). */
    static SecurityIdentity of(UserService.SignedIn user) {
        return of(user.caller(), user.principal());
    }

    private static SecurityIdentity of(Caller caller, String principal) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal))
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

    /**
     * The login form's user name and password, after its CSRF token and the throttle: a locked user name or
     * address is refused without a look at the password, a wrong password is counted and answered late once
     * there were several, and the right one clears the user name's count.
     */
    @ApplicationScoped
    public static class Passwords implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

        private final UserService users;
        private final LoginForm form;
        private final LoginThrottle throttle;

        public Passwords(UserService users, LoginForm form, LoginThrottle throttle) {
            this.users = users;
            this.form = form;
            this.throttle = throttle;
        }

        @Override
        public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
            return UsernamePasswordAuthenticationRequest.class;
        }

        /** A wrong password, answered after {@code delay}. */
        private static final class WrongPassword extends RuntimeException {
            private final Duration delay;

            WrongPassword(Duration delay) {
                super("wrong user name or password", null, false, false);
                this.delay = delay;
            }
        }

        @Override
        public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                AuthenticationRequestContext context) {
            RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
            String username = request.getUsername();
            return context.runBlocking(() -> {
                form.verify(http);
                String address = address(http);
                throttle.lockedUntil(username, address).ifPresent(until -> {
                    throw new LoginThrottle.Locked(until);
                });
                Optional<UserService.SignedIn> user = users.login(username,
                        new String(request.getPassword().getPassword()));
                if (user.isPresent()) {
                    throttle.succeeded(username);
                    return Identities.of(user.get());
                }
                LoginThrottle.Failure failure = throttle.failed(username, address);
                failure.lockedUntil().ifPresent(until -> {
                    throw new LoginThrottle.Locked(until);
                });
                throw new WrongPassword(failure.delay());
            }).onFailure(WrongPassword.class).recoverWithUni(wrong -> {
                Duration delay = ((WrongPassword) wrong).delay;
                Uni<SecurityIdentity> refused = Uni.createFrom()
                        .failure(new AuthenticationFailedException("wrong user name or password"));
                // waits on a timer, not in a thread: a guesser cannot tie up the workers
                return delay.isZero() ? refused
                        : Uni.createFrom().voidItem().onItem().delayIt().by(delay).onItem().transformToUni(i -> refused);
            });
        }

        /** The caller's address; behind a proxy, the forwarded one when proxy-address-forwarding is on. */
        private static String address(RoutingContext http) {
            SocketAddress remote = http == null ? null : http.request().remoteAddress();
            return remote == null || remote.hostAddress() == null ? "unknown" : remote.hostAddress();
        }
    }

    /**
     * The UI session cookie names a user who logged in earlier: they must still exist, be enabled, and have
     * the session stamp the cookie was issued with.
     */
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
            return context.runBlocking(() -> users.session(request.getPrincipal()).map(Identities::of)
                    .orElseThrow(() -> new AuthenticationFailedException("the session has ended")));
        }
    }
}
