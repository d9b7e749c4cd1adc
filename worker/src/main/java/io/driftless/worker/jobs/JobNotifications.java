package io.driftless.worker.jobs;

import javax.sql.DataSource;

import io.driftless.api.events.PgListener;
import io.driftless.api.service.JobStore;

/**
 * Wakes a worker the moment any process queues a job: PostgreSQL LISTEN on the channel that
 * {@link JobStore#enqueue} NOTIFYs at commit. Without it a worker in another process would find new
 * jobs only at its next poll. On any database error it reconnects after a pause and wakes the worker
 * once (a job queued meanwhile was not told); polling covers the gap too.
 */
public final class JobNotifications implements Runnable {

    private final PgListener listener;

    public JobNotifications(DataSource dataSource, Runnable wake) {
        this.listener = new PgListener(dataSource, JobStore.CHANNEL, payload -> wake.run(), wake);
    }

    public void stop() {
        listener.stop();
    }

    @Override
    public void run() {
        listener.run();
    }
}
