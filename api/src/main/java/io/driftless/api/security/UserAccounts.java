package io.driftless.api.security;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftless.api.rest.Patterns;
import io.driftless.api.service.AuditLog;
import io.driftless.api.service.ConflictProblem;
import io.driftless.api.service.InvalidFieldsProblem.FieldProblem;
import io.driftless.api.service.NotFoundProblem;

/**
 * Local users, managed by admins for installations without GitHub or OpenID Connect: add one (with a
 * generated password shown once), change its role or repositories, reset its password, disable, enable and
 * delete it. Every change is audited with before and after, never with a password; a reset or disabling
 * ends the user's sessions (see {@link UserService}). The last enabled admin cannot be disabled, deleted or
 * made a reviewer, so that someone can always manage Driftless from its pages.
 */
@ApplicationScoped
public class UserAccounts {

    private static final Logger LOG = Logger.getLogger(UserAccounts.class);
    /** The same lock the first start takes to create {@code admin}: one change to the users at a time. */
    private static final long USERS_LOCK = 7140001;
    public static final String USERNAME = "[a-z0-9][a-z0-9._@-]{0,99}";
    public static final String USERNAME_MESSAGE = "must be 1 to 100 lower-case letters, digits or . _ @ -, "
            + "starting with a letter or digit";
    private static final Pattern USERNAME_PATTERN = Pattern.compile(USERNAME);
    private static final Pattern REPOSITORY = Pattern.compile(Patterns.REPOSITORY);
    /** The roles a person can have; bots are API tokens. */
    public static final List<Role> ROLES = List.of(Role.reviewer, Role.admin);

    private final EntityManager em;
    private final AuditLog audit;
    private final InstantSource clock;
    private final ObjectMapper mapper;

    public UserAccounts(EntityManager em, AuditLog audit, InstantSource clock, ObjectMapper mapper) {
        this.em = em;
        this.audit = audit;
        this.clock = clock;
        this.mapper = mapper;
    }

    /** A user as listed: never a password or its hash. */
    public record UserView(String username, Role role, Set<String> repositories, boolean enabled,
            Instant createdAt, String createdBy, Instant passwordSetAt, Instant disabledAt) {
    }

    /** A user with a new password: the only time it is shown. */
    public record WithPassword(UserView user, String password) {
    }

    @Transactional
    public List<UserView> list() {
        return em.createQuery("from AppUser order by username", AppUser.class).getResultList().stream()
                .map(UserAccounts::view).toList();
    }

    @Transactional
    public UserView get(String username) {
        return view(existing(username));
    }

    /**
     * @throws InvalidUserProblem naming each field that does not fit
     * @throws ConflictProblem when the user name is taken
     */
    @Transactional
    public WithPassword add(String username, String role, Collection<String> repositories, String actor) {
        List<FieldProblem> problems = new ArrayList<>();
        if (username == null || !USERNAME_PATTERN.matcher(username).matches()) {
            problems.add(new FieldProblem("username", USERNAME_MESSAGE));
        }
        Optional<Role> parsed = role(role, problems);
        Set<String> scope = scope(repositories, problems);
        if (!problems.isEmpty()) {
            throw new InvalidUserProblem(problems);
        }
        lock();
        if (em.find(AppUser.class, username) != null) {
            throw new ConflictProblem("A user named " + username + " exists already.");
        }
        String password = Secrets.newPassword();
        Instant now = clock.instant();
        AppUser user = new AppUser();
        user.username = username;
        user.role = parsed.get();
        user.repositories = String.join("\n", scope);
        user.passwordHash = Secrets.hashPassword(password);
        user.sessionStamp = Secrets.newSessionStamp();
        user.createdAt = now;
        user.createdBy = actor;
        user.passwordSetAt = now;
        em.persist(user);
        record(AuditLog.USER_ADDED, actor, "added the " + user.role + " " + username + " for " + shown(scope), null,
                user);
        return new WithPassword(view(user), password);
    }

    /** Gives the user another role and repositories; its sessions go on with them from their next request. */
    @Transactional
    public UserView change(String username, String role, Collection<String> repositories, String actor) {
        List<FieldProblem> problems = new ArrayList<>();
        Optional<Role> parsed = role(role, problems);
        Set<String> scope = scope(repositories, problems);
        if (!problems.isEmpty()) {
            throw new InvalidUserProblem(problems);
        }
        lock();
        AppUser user = existing(username);
        Map<String, Object> before = state(user);
        if (user.role == Role.admin && parsed.get() != Role.admin) {
            requireAnotherAdmin(user, "made a reviewer");
        }
        user.role = parsed.get();
        user.repositories = String.join("\n", scope);
        if (!before.equals(state(user))) {
            record(AuditLog.USER_CHANGED, actor, "changed " + username + " to the " + user.role + " of "
                    + shown(scope), before, user);
        }
        return view(user);
    }

    /** A new generated password, shown once; the old one and every session of the user stop working. */
    @Transactional
    public WithPassword resetPassword(String username, String actor) {
        lock();
        AppUser user = existing(username);
        Map<String, Object> before = state(user);
        String password = Secrets.newPassword();
        user.passwordHash = Secrets.hashPassword(password);
        user.sessionStamp = Secrets.newSessionStamp();
        user.passwordSetAt = clock.instant();
        record(AuditLog.USER_PASSWORD_RESET, actor, "reset the password of " + username + ", which ended its sessions",
                before, user);
        return new WithPassword(view(user), password);
    }

    /** The user can no longer log in, and its sessions end. */
    @Transactional
    public UserView disable(String username, String actor) {
        lock();
        AppUser user = existing(username);
        if (!user.enabled()) {
            return view(user);
        }
        if (user.role == Role.admin) {
            requireAnotherAdmin(user, "disabled");
        }
        Map<String, Object> before = state(user);
        user.disabledAt = clock.instant();
        user.sessionStamp = Secrets.newSessionStamp();
        record(AuditLog.USER_DISABLED, actor, "disabled " + username + ", which ended its sessions", before, user);
        return view(user);
    }

    /** The user can log in again with its password (sessions ended by disabling stay ended). */
    @Transactional
    public UserView enable(String username, String actor) {
        lock();
        AppUser user = existing(username);
        if (user.enabled()) {
            return view(user);
        }
        Map<String, Object> before = state(user);
        user.disabledAt = null;
        record(AuditLog.USER_ENABLED, actor, "enabled " + username, before, user);
        return view(user);
    }

    @Transactional
    public void delete(String username, String actor) {
        lock();
        AppUser user = existing(username);
        if (user.role == Role.admin && user.enabled()) {
            requireAnotherAdmin(user, "deleted");
        }
        Map<String, Object> before = state(user);
        em.remove(user);
        record(AuditLog.USER_DELETED, actor, "deleted " + username, before, null);
    }

    private void lock() {
        // two admins disabling each other at once must not leave no admin
        em.createNativeQuery("select pg_advisory_xact_lock(" + USERS_LOCK + ")").getSingleResult();
    }

    private AppUser existing(String username) {
        return Optional.ofNullable(username == null ? null : em.find(AppUser.class, username))
                .orElseThrow(() -> new NotFoundProblem("No user is named " + username + "."));
    }

    private void requireAnotherAdmin(AppUser user, String what) {
        long others = em.createQuery("select count(u) from AppUser u where u.role = :admin and u.disabledAt is null"
                + " and u.username <> :username", Long.class)
                .setParameter("admin", Role.admin).setParameter("username", user.username).getSingleResult();
        if (others == 0) {
            throw new ConflictProblem(user.username + " is the last enabled admin and cannot be " + what
                    + ": add or enable another admin first, so that someone can still manage Driftless.");
        }
    }

    private static Optional<Role> role(String role, List<FieldProblem> problems) {
        Optional<Role> parsed = Role.parse(role).filter(ROLES::contains);
        if (parsed.isEmpty()) {
            problems.add(new FieldProblem("role", "must be one of " + ROLES));
        }
        return parsed;
    }

    /** The repositories as stored: lower case, sorted, each owner/name or '*' (as API tokens carry them). */
    private static Set<String> scope(Collection<String> repositories, List<FieldProblem> problems) {
        List<String> given = repositories == null ? List.of()
                : repositories.stream().map(r -> r == null ? "" : r.trim()).toList();
        if (given.isEmpty()) {
            problems.add(new FieldProblem("repositories", "must list owner/name repositories, or \"*\" for all"));
        }
        for (String repository : given) {
            if (!repository.equals(Caller.ALL) && !REPOSITORY.matcher(repository).matches()) {
                problems.add(new FieldProblem("repositories", "'" + repository + "' " + Patterns.REPOSITORY_MESSAGE
                        + ", or \"*\" for all"));
            }
        }
        return Caller.scope(given);
    }

    private static String shown(Set<String> scope) {
        return scope.contains(Caller.ALL) ? "every repository" : String.join(", ", scope);
    }

    /** What the audit trail keeps of a user: never its password or hash, nor its session stamp. */
    private static Map<String, Object> state(AppUser user) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("role", user.role.name());
        state.put("repositories", List.copyOf(Caller.scope(user.repositorySet())));
        state.put("enabled", user.enabled());
        state.put("passwordSetAt", user.passwordSetAt.toString());
        return state;
    }

    private void record(String action, String actor, String detail, Map<String, Object> before, AppUser after) {
        audit.recordChange(null, null, actor, action, detail, json(before), after == null ? null : json(state(after)));
        LOG.infof("%s %s", actor, detail);
    }

    private String json(Map<String, Object> value) {
        if (value == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UserView view(AppUser user) {
        return new UserView(user.username, user.role, user.repositorySet(), user.enabled(), user.createdAt,
                user.createdBy, user.passwordSetAt, user.disabledAt);
    }
}
