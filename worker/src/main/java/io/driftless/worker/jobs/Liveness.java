package io.driftless.worker.jobs;

import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

import org.jboss.logging.Logger;

import io.driftless.api.service.WorkerSession;

/**
 * Keeps this worker's {@link WorkerSession} (its liveness as PostgreSQL sees it) and probes it. While
 * the session is lost the worker claims nothing, since other workers may already be taking its jobs
 * over; the jobs it still runs go on, and their idempotent steps make a second run harmless. When a
 * new session is opened, {@code onNewSession} gets its key first (to re-stamp the jobs still running
 * here), and only then does the key become current for claiming.
 */
public final class Liveness {

    private static final Logger LOG = Logger.getLogger(Liveness.class);

    /** Opens a session; the JDBC details are the worker's. */
    @FunctionalInterface
    public interface Opener {
        WorkerSession open() throws SQLException;
    }

    private final Opener opener;
    private final Duration probeTimeout;
    private final LongConsumer onNewSession;
    private volatile WorkerSession session;
    private boolean lostReported;

    public Liveness(Opener opener, Duration probeTimeout, LongConsumer onNewSession) {
        this.opener = opener;
        this.probeTimeout = probeTimeout;
        this.onNewSession = onNewSession;
    }

    /** The key to claim with, or empty while the worker has no live session. */
    public OptionalLong key() {
        WorkerSession current = session;
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.key());
    }

    /**
     * One probe: a live session is asked whether it still holds its lock; a lost one is opened again.
     * Called on one thread, every fraction of a lease.
     */
    public synchronized void check() {
        WorkerSession current = session;
        if (current != null) {
            if (current.alive(probeTimeout)) {
                return;
            }
            session = null;
            current.close();
            LOG.warnf("worker session %d lost: claiming stops, and the jobs running here may be taken over "
                    + "by another worker", current.key());
        }
        try {
            WorkerSession opened = opener.open();
            try {
                onNewSession.accept(opened.key());
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            session = opened;
            lostReported = false;
            LOG.infof("worker session %d holds its lock: claiming", opened.key());
        } catch (SQLException | RuntimeException e) {
            if (!lostReported) {
                LOG.warnf("no worker session (claiming nothing until there is one): %s", e.getMessage());
                lostReported = true;
            }
        }
    }

    /** Ends the session: whatever still carries its key is free for other workers at once. */
    public synchronized void close() {
        WorkerSession current = session;
        session = null;
        if (current != null) {
            current.close();
        }
    }
}
