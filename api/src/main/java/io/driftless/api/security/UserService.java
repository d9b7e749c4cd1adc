package io.driftless.api.security;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.driftless.api.config.RolesConfig;
import io.quarkus.runtime.StartupEvent;

/**
 * The people who log in to the UI with a password: their login and their sessions. On the first start with
 * no user, it creates {@code admin} with the configured password, or a generated one it prints once. Admins
 * manage the others with {@link UserAccounts}.
 *
 * <p>A session is Quarkus's encrypted form-login cookie, which holds only a principal name and an expiry.
 * So the principal name carries the user's session stamp as well ({@code user:<name>#<stamp>}), and a
 * cookie is taken only while that stamp is the user's current one and the user is enabled: a new stamp
 * (a password reset, disabling) ends every earlier session on every replica at once.
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);
    public static final String ADMIN = "admin";
    static final String USER_PREFIX = "user:";
    /** Between the user name and the session stamp in a session's principal; no user name contains it. */
    private static final char STAMP_SEPARATOR = '#';

    private final EntityManager em;
    private final AuthConfig config;
    private final RolesConfig roles;

    public UserService(EntityManager em, AuthConfig config, RolesConfig roles) {
        this.em = em;
        this.config = config;
        this.roles = roles;
    }

    void firstStart(@Observes StartupEvent event) {
        if (!roles.has(RolesConfig.Role.web)) {
            return;
        }
        Optional<String> generated = createAdminIfNoUser();
        generated.ifPresent(password -> LOG.warnf("""

                ==============================================================
                  The UI's admin user was created. Log in with
                    user:     %s
                    password: %s
                  This password is shown only this once.
                ==============================================================""", ADMIN, password));
    }

    /** @return the generated password, when one was generated */
    @Transactional
    Optional<String> createAdminIfNoUser() {
        // one process creates the user even when several start at once on one database
        em.createNativeQuery("select pg_advisory_xact_lock(7140001)").getSingleResult();
        long users = em.createQuery("select count(u) from AppUser u", Long.class).getSingleResult();
        if (users > 0) {
            return Optional.empty();
        }
        Optional<String> configured = config.adminPassword().filter(p -> !p.isBlank());
        String password = configured.orElseGet(Secrets::newPassword);
        AppUser admin = new AppUser();
        admin.username = ADMIN;
        admin.passwordHash = Secrets.hashPassword(password);
        admin.role = Role.admin;
        admin.repositories = Caller.ALL;
        admin.sessionStamp = Secrets.newSessionStamp();
        admin.createdAt = Instant.now();
        admin.passwordSetAt = admin.createdAt;
        em.persist(admin);
        return configured.isPresent() ? Optional.empty() : Optional.of(password);
    }

    /** A user who logged in: who acts, and the principal name their session cookie keeps. */
    public record SignedIn(Caller caller, String principal) {
    }

    /**
     * The user, when the password is theirs and they are enabled. A hash of an older kind is replaced with
     * a new one while the password is at hand.
     */
    @Transactional
    public Optional<SignedIn> login(String username, String password) {
        AppUser user = em.find(AppUser.class, username);
        if (user == null || !user.enabled() || !Secrets.passwordMatches(password, user.passwordHash)) {
            return Optional.empty();
        }
        if (Secrets.needsNewHash(user.passwordHash)
                && password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= Secrets.BCRYPT_MAX_BYTES) {
            user.passwordHash = Secrets.hashPassword(password);
            LOG.infof("the password hash of %s was replaced with bcrypt", user.username);
        }
        return Optional.of(signedIn(user));
    }

    /** The user a session's principal names, while that session may still be used. */
    @Transactional
    public Optional<SignedIn> session(String principal) {
        int separator = principal.lastIndexOf(STAMP_SEPARATOR);
        if (!principal.startsWith(USER_PREFIX) || separator < 0) {
            // a cookie from before sessions carried a stamp: its user logs in again
            return Optional.empty();
        }
        String stamp = principal.substring(separator + 1);
        return Optional.ofNullable(em.find(AppUser.class, principal.substring(USER_PREFIX.length(), separator)))
                .filter(AppUser::enabled)
                .filter(user -> Secrets.same(user.sessionStamp, stamp))
                .map(UserService::signedIn);
    }

    private static SignedIn signedIn(AppUser user) {
        return new SignedIn(caller(user), USER_PREFIX + user.username + STAMP_SEPARATOR + user.sessionStamp);
    }

    static Caller caller(AppUser user) {
        return new Caller(USER_PREFIX + user.username, user.role, user.repositorySet());
    }
}
