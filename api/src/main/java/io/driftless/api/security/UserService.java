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
 * The people who log in to the UI with a password. On the first start with no user, it creates
 * {@code admin} with the configured password, or a generated one it prints once.
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);
    public static final String ADMIN = "admin";
    static final String USER_PREFIX = "user:";

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
        admin.createdAt = Instant.now();
        em.persist(admin);
        return configured.isPresent() ? Optional.empty() : Optional.of(password);
    }

    @Transactional
    public Optional<Caller> login(String username, String password) {
        AppUser user = em.find(AppUser.class, username);
        if (user == null || !Secrets.passwordMatches(password, user.passwordHash)) {
            return Optional.empty();
        }
        return Optional.of(caller(user));
    }

    @Transactional
    public Optional<Caller> find(String username) {
        return Optional.ofNullable(em.find(AppUser.class, username)).map(UserService::caller);
    }

    private static Caller caller(AppUser user) {
        return new Caller(USER_PREFIX + user.username, user.role, Identities.all());
    }

    /** The user name in a caller name ({@code user:<name>}). */
    static String username(String callerName) {
        return callerName.startsWith(USER_PREFIX) ? callerName.substring(USER_PREFIX.length()) : callerName;
    }
}
