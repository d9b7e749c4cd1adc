package io.driftless.api.policy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentRepository;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.service.AuditLog;
import io.driftless.api.service.EnvironmentService;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Tears down what policy says has expired, and warns before. One pass at a time across workers (a REAP
 * job under a serial key). It fails safe: past the global deletion budget it tears down nothing more and
 * pauses until an admin resumes it, recording what it held back; in dry run it only records what it
 * would do; and each teardown re-reads the environment under its lock, so an extension that just
 * happened wins.
 */
@ApplicationScoped
public class Reaper {

    private static final Logger LOG = Logger.getLogger(Reaper.class);

    /** What a pass did, for the job's note and for tests. */
    public record Pass(List<String> warned, List<String> expired, List<String> wouldExpire, List<String> heldBack,
            boolean paused) {

        public String summary() {
            return "warned " + warned.size() + ", expired " + expired.size() + ", dry run " + wouldExpire.size()
                    + ", held back " + heldBack.size() + (paused ? " (reaper paused)" : "");
        }
    }

    /** The reaper's switch, as the API and the banner show it. */
    public record ReaperState(boolean paused, Instant pausedAt, String pausedWhy, Instant resumedAt,
            String resumedBy, Instant lastPass) {
    }

    private final EnvironmentRepository environments;
    private final EnvironmentService environmentService;
    private final PolicyService policies;
    private final Lifecycle lifecycle;
    private final AuditLog audit;
    private final EntityManager em;
    private final InstantSource clock;

    public Reaper(EnvironmentRepository environments, EnvironmentService environmentService, PolicyService policies,
            Lifecycle lifecycle, AuditLog audit, EntityManager em, InstantSource clock) {
        this.environments = environments;
        this.environmentService = environmentService;
        this.policies = policies;
        this.lifecycle = lifecycle;
        this.audit = audit;
        this.em = em;
        this.clock = clock;
    }

    /** One pass over every ACTIVE environment. */
    public Pass pass() {
        Instant now = clock.instant();
        List<Lifecycle.Fated> all = lifecycle.active();
        ReaperState state = state();
        List<String> warned = new ArrayList<>();
        List<Lifecycle.Fated> due = new ArrayList<>();
        for (Lifecycle.Fated f : all) {
            if (f.fate().dueAt(now)) {
                due.add(f);
            } else if (f.fate().warnableAt(now) && QuarkusTransaction.requiringNew().call(() -> warn(f.id(), now))) {
                warned.add(f.name());
            }
        }
        due.sort(Comparator.comparing(f -> f.fate().expiresAt()));
        List<String> expired = new ArrayList<>();
        List<String> wouldExpire = new ArrayList<>();
        List<Lifecycle.Fated> held = new ArrayList<>();
        PolicyDocument global = policies.global();
        // the budget's window, but what was spent before an admin resumed it does not count again
        Instant windowStart = now.minus(global.deletionBudget().per());
        if (state.resumedAt() != null && state.resumedAt().isAfter(windowStart)) {
            windowStart = state.resumedAt();
        }
        int left = state.paused() ? 0 : Math.max(0, global.deletionBudget().count() - spentSince(windowStart));
        Map<String, EffectivePolicy> cache = new HashMap<>();
        for (Lifecycle.Fated f : due) {
            EffectivePolicy policy = cache.computeIfAbsent(PolicyService.scope(f.repository()), policies::effective);
            if (policy.values().dryRun()) {
                if (QuarkusTransaction.requiringNew().call(() -> recordDryRun(f.id(), now))) {
                    wouldExpire.add(f.name());
                }
            } else if (left <= 0) {
                held.add(f);
            } else if (QuarkusTransaction.requiringNew().call(() -> expire(f.id(), now))) {
                expired.add(f.name());
                left--;
            }
        }
        boolean paused = state.paused();
        if (!held.isEmpty() && !paused) {
            QuarkusTransaction.requiringNew().run(() -> pause(held, global, now));
            paused = true;
        }
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update reaper_state set last_pass = :at where id = 1").setParameter("at", now).executeUpdate());
        Pass pass = new Pass(warned, expired, wouldExpire, held.stream().map(Lifecycle.Fated::name).toList(), paused);
        if (!warned.isEmpty() || !expired.isEmpty() || !wouldExpire.isEmpty() || !held.isEmpty()) {
            LOG.infof("reaper: %s; expired %s, held back %s", pass.summary(), expired, pass.heldBack());
        }
        return pass;
    }

    /** Automatic teardowns within the budget's window. */
    private int spentSince(Instant since) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                select count(*) from audit_event where action = :action and actor = :actor and at > :since""")
                .setParameter("action", AuditLog.EXPIRED).setParameter("actor", AuditEvent.REAPER)
                .setParameter("since", since).getSingleResult()).intValue());
    }

    /** Warns once per expiry time; returns whether it warned. */
    private boolean warn(UUID id, Instant now) {
        Environment e = environments.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE).orElse(null);
        if (e == null || e.status != EnvironmentStatus.ACTIVE) {
            return false;
        }
        Optional<Fate> fate = lifecycle.fate(e, new HashMap<>());
        if (fate.isEmpty() || !fate.get().expires() || !fate.get().warnableAt(now) || fate.get().dueAt(now)
                || fate.get().expiresAt().equals(e.warnedFor)) {
            return false;
        }
        e.warnedFor = fate.get().expiresAt();
        audit.record(e.id, null, AuditEvent.REAPER, AuditLog.EXPIRY_WARNING, "torn down at "
                + Expiry.time(fate.get().expiresAt()) + " unless extended (" + fate.get().explanation()
                + "); extend it with the Extend button or POST /api/v1/environments/" + e.id + "/extend");
        lifecycle.fire(e, FateChanged.Kind.WARNED, fate.get());
        return true;
    }

    /** Tears it down if it is still due under its lock; returns whether it did. */
    private boolean expire(UUID id, Instant now) {
        Environment e = environments.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE).orElse(null);
        if (e == null || e.status != EnvironmentStatus.ACTIVE) {
            return false;
        }
        Optional<Fate> fate = lifecycle.fate(e, new HashMap<>());
        if (fate.isEmpty() || !fate.get().dueAt(now)) {
            return false; // extended, pinned or given a new revision since the pass began
        }
        String why = "expired: " + fate.get().explanation();
        e.endedBy = why;
        audit.record(e.id, null, AuditEvent.REAPER, AuditLog.EXPIRED, why + " (rule " + fate.get().rule()
                + ", source " + fate.get().source() + ")");
        environmentService.teardown(e.id, AuditEvent.REAPER);
        lifecycle.fire(e, FateChanged.Kind.ENDED, null);
        return true;
    }

    private boolean recordDryRun(UUID id, Instant now) {
        Environment e = environments.findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE).orElse(null);
        if (e == null || e.status != EnvironmentStatus.ACTIVE) {
            return false;
        }
        Optional<Fate> fate = lifecycle.fate(e, new HashMap<>());
        if (fate.isEmpty() || !fate.get().dueAt(now) || fate.get().expiresAt().equals(e.dryRunFor)) {
            return false;
        }
        e.dryRunFor = fate.get().expiresAt();
        audit.record(e.id, null, AuditEvent.REAPER, AuditLog.WOULD_EXPIRE, "dry run: would tear it down, expired: "
                + fate.get().explanation());
        return true;
    }

    private void pause(List<Lifecycle.Fated> held, PolicyDocument global, Instant now) {
        String names = String.join(", ", held.stream().map(f -> f.repository() + " " + f.branch() + " (" + f.name()
                + ")").toList());
        String why = "deletion budget of " + global.deletionBudget() + " spent; held back " + held.size()
                + " environment(s) due for teardown: " + names;
        em.createNativeQuery("update reaper_state set paused_at = :at, paused_why = :why where id = 1")
                .setParameter("at", now).setParameter("why", why).executeUpdate();
        audit.recordChange(null, null, AuditEvent.REAPER, AuditLog.REAPER_PAUSED, why, "{\"paused\":false}",
                "{\"paused\":true}");
        LOG.warnf("reaper paused: %s. An admin resumes it with POST /api/v1/policy/reaper/resume", why);
    }

    @Transactional
    public ReaperState state() {
        Object[] row = (Object[]) em.createNativeQuery("""
                select paused_at, paused_why, resumed_at, resumed_by, last_pass from reaper_state where id = 1""")
                .getSingleResult();
        return new ReaperState(row[0] != null, instant(row[0]), (String) row[1], instant(row[2]), (String) row[3],
                instant(row[4]));
    }

    /** An admin resumes a paused reaper; its budget counts from now on. */
    @Transactional
    public ReaperState resume(String actor) {
        ReaperState before = state();
        if (!before.paused()) {
            throw new io.driftless.api.service.ConflictProblem("The reaper is not paused.");
        }
        Instant now = clock.instant();
        em.createNativeQuery("""
                update reaper_state set paused_at = null, paused_why = null, resumed_at = :at, resumed_by = :by
                where id = 1""").setParameter("at", now).setParameter("by", actor).executeUpdate();
        audit.recordChange(null, null, actor, AuditLog.REAPER_RESUMED, "reaper resumed; it was paused since "
                + Expiry.time(before.pausedAt()) + ": " + before.pausedWhy(), "{\"paused\":true}", "{\"paused\":false}");
        return state();
    }

    private static Instant instant(Object value) {
        return value == null ? null : PolicyService.toInstant(value);
    }
}
