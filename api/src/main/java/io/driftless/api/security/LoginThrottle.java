package io.driftless.api.security;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.driftless.api.service.AuditLog;

/**
 * Counts failed UI logins per user name tried and per address, in PostgreSQL so that every web replica sees the
 * same count and the same lock (memory would give each replica its own ten guesses). Each failure and each lock
 * is audited with the user name or the address as the actor.
 */
@ApplicationScoped
public class LoginThrottle {

    /** What a failure led to: wait this long before answering, or, when locked, refuse until then. */
    public record Failure(Duration delay, Optional<Instant> lockedUntil) {
    }

    /** Too many failed logins for the user name or the address: answered 429 with Retry-After. */
    public static class Locked extends RuntimeException {
        private final Instant until;

        public Locked(Instant until) {
            super("too many failed logins; locked until " + until, null, false, false);
            this.until = until;
        }

        public Instant until() {
            return until;
        }

        /** Whole seconds until the lock is over, at least one. */
        public long retryAfterSeconds(Instant now) {
            long seconds = Duration.between(now, until).toSeconds() + 1;
            return Math.max(1, seconds);
        }
    }

    /** The audit log's actor column holds this many characters; a longer user name tried is cut. */
    private static final int ACTOR_LENGTH = 100;

    private final EntityManager em;
    private final AuditLog audit;
    private final InstantSource clock;
    private final LoginThrottlePolicy policy;

    public LoginThrottle(EntityManager em, AuditLog audit, InstantSource clock, AuthConfig config) {
        this.em = em;
        this.audit = audit;
        this.clock = clock;
        this.policy = LoginThrottlePolicy.of(config.login());
    }

    /** The end of the latest lock on the user name or the address, when either is locked now. */
    @Transactional
    public Optional<Instant> lockedUntil(String username, String address) {
        Instant now = clock.instant();
        return subjects(username, address).stream()
                .map(subject -> em.find(LoginFailures.class, subject))
                .filter(failures -> failures != null && policy.isLocked(failures.count(), now))
                .map(failures -> failures.lockedUntil)
                .max(Instant::compareTo);
    }

    /** Counts a wrong password for the user name and the address, and audits it and any lock it leads to. */
    @Transactional
    public Failure failed(String username, String address) {
        Instant now = clock.instant();
        String user = actor(username);
        audit.recordChange(null, null, user, AuditLog.LOGIN_FAILED, "wrong user name or password, from " + address,
                null, null);
        Duration delay = Duration.ZERO;
        Instant lockedUntil = null;
        for (String subject : subjects(username, address)) {
            LoginThrottlePolicy.Count count = count(subject, now);
            delay = max(delay, policy.delayAfter(count.failures()));
            if (count.lockedUntil() != null) {
                lockedUntil = lockedUntil == null || count.lockedUntil().isAfter(lockedUntil) ? count.lockedUntil()
                        : lockedUntil;
                boolean isUser = subject.startsWith("user:");
                audit.recordChange(null, null, isUser ? user : actor(address), AuditLog.LOGIN_LOCKED,
                        (isUser ? "user name " : "address ") + "locked until " + count.lockedUntil() + " after "
                                + count.failures() + " failed logins since " + count.windowStart(),
                        null, null);
            }
        }
        forgetOld(now);
        return new Failure(delay, Optional.ofNullable(lockedUntil));
    }

    /** The right password: the user name's count starts again (the address's does not, for other names). */
    @Transactional
    public void succeeded(String username) {
        LoginFailures failures = em.find(LoginFailures.class, subjects(username, null).get(0));
        if (failures != null) {
            em.remove(failures);
        }
    }

    /** Adds the failure to the subject's row, locked against other replicas counting at the same moment. */
    private LoginThrottlePolicy.Count count(String subject, Instant now) {
        em.createNativeQuery("insert into login_throttle (subject, failures, window_start, last_failure)"
                + " values (:subject, 0, :now, :now) on conflict (subject) do nothing")
                .setParameter("subject", subject).setParameter("now", now).executeUpdate();
        LoginFailures row = em.find(LoginFailures.class, subject, LockModeType.PESSIMISTIC_WRITE);
        LoginThrottlePolicy.Count count = policy.afterFailure(row.failures == 0 ? null : row.count(), now);
        row.failures = count.failures();
        row.windowStart = count.windowStart();
        row.lockedUntil = count.lockedUntil();
        row.lastFailure = now;
        // only the failure that locks reports the lock, so it is audited once
        boolean locks = count.lockedUntil() != null;
        return locks ? count : new LoginThrottlePolicy.Count(count.failures(), count.windowStart(), null);
    }

    private void forgetOld(Instant now) {
        List<LoginFailures> old = em.createQuery("from LoginFailures where lastFailure < :before", LoginFailures.class)
                .setParameter("before", now.minus(policy.window())).setMaxResults(100).getResultList();
        old.stream().filter(failures -> policy.isOver(failures.count(), now)).forEach(em::remove);
    }

    private static List<String> subjects(String username, String address) {
        String user = "user:" + cut(username, 110);
        return address == null ? List.of(user) : List.of(user, "address:" + cut(address, 110));
    }

    private static String actor(String name) {
        return cut(name, ACTOR_LENGTH);
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
