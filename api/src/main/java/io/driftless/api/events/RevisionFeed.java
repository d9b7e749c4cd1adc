package io.driftless.api.events;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import org.jboss.logging.Logger;

import io.driftless.api.config.RolesConfig;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.RevisionChanged;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Tells this process about every revision change, made here or in any other process on the same
 * database: the changes committed here arrive as the after-commit CDI event at once, every change
 * (here or elsewhere) arrives over PostgreSQL LISTEN. Long polls register a {@link Waiter}, completed by
 * the first change that satisfies it (a change may be told twice; waiters do not mind). Event streams
 * subscribe and get each change once, from LISTEN only.
 */
@ApplicationScoped
public class RevisionFeed {

    private static final Logger LOG = Logger.getLogger(RevisionFeed.class);

    /** A long poll waiting on one revision; {@code reached} completes when the revision got there. */
    public record Waiter(UUID revisionId, WaitFor waitFor, CompletableFuture<Void> reached) {
    }

    private final Map<UUID, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final Set<Consumer<RevisionNotice>> subscribers = ConcurrentHashMap.newKeySet();
    private final DataSource dataSource;
    private final RolesConfig roles;
    private final EnvironmentService environments;
    private PgListener listener;

    public RevisionFeed(DataSource dataSource, RolesConfig roles, EnvironmentService environments) {
        this.dataSource = dataSource;
        this.roles = roles;
        this.environments = environments;
    }

    void start(@Observes StartupEvent event) {
        if (!roles.has(RolesConfig.Role.api)) {
            return;
        }
        listener = new PgListener(dataSource, RevisionNotice.CHANNEL, this::notified, this::recheckWaiters);
        Thread thread = new Thread(listener, "driftless-revision-notifications");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.stop();
        }
    }

    /**
     * Registers a waiter. The caller must read the revision's phase AFTER this (a change committed in
     * between would otherwise be missed) and {@link #cancel} the waiter when done with it.
     */
    public Waiter register(UUID revisionId, WaitFor waitFor) {
        Waiter waiter = new Waiter(revisionId, waitFor, new CompletableFuture<>());
        waiters.computeIfAbsent(revisionId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
        return waiter;
    }

    public void cancel(Waiter waiter) {
        waiters.computeIfPresent(waiter.revisionId(), (id, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }

    /** How many long polls wait now, for tests and metrics. */
    public int waiting() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }

    /** {@code subscriber} gets every change from now on, on the listener's thread: it must hand work off. */
    public Runnable subscribe(Consumer<RevisionNotice> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    void committedHere(@Observes(during = TransactionPhase.AFTER_SUCCESS) RevisionChanged change) {
        wake(change.revisionId(), change.phase());
    }

    private void notified(String payload) {
        RevisionNotice notice = RevisionNotice.parse(payload).orElse(null);
        if (notice == null) {
            LOG.debugf("ignored a revision notification that does not parse: %s", payload);
            return;
        }
        wake(notice.revisionId(), notice.phase());
        for (Consumer<RevisionNotice> subscriber : subscribers) {
            try {
                subscriber.accept(notice);
            } catch (RuntimeException e) {
                LOG.warnf(e, "a revision subscriber failed");
            }
        }
    }

    private void wake(UUID revisionId, RevisionPhase phase) {
        Set<Waiter> set = waiters.get(revisionId);
        if (set != null) {
            for (Waiter waiter : set) {
                if (waiter.waitFor().isReachedBy(phase)) {
                    waiter.reached().complete(null);
                }
            }
        }
    }

    /** After a (re)connect, changes may have been missed while no one listened: read the phases again. */
    private void recheckWaiters() {
        List<UUID> ids = List.copyOf(waiters.keySet());
        if (ids.isEmpty()) {
            return;
        }
        environments.phases(ids).forEach(this::wake);
    }
}
