package io.driftless.worker.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wakes a worker the moment any process queues a job: PostgreSQL LISTEN on the channel that
 * {@link io.driftless.api.service.JobStore#enqueue} NOTIFYs at commit. Without it a worker in another
 * process would find new jobs only at its next poll. On any database error it reconnects after a
 * pause; polling still covers the gap.
 */
public final class JobNotifications implements Runnable {

    private static final Logger LOG = Logger.getLogger(JobNotifications.class);
    private static final Duration RECONNECT = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final Runnable wake;
    private volatile boolean stopped;

    public JobNotifications(DataSource dataSource, Runnable wake) {
        this.dataSource = dataSource;
        this.wake = wake;
    }

    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement listen = connection.createStatement()) {
                    listen.execute("LISTEN " + io.driftless.api.service.JobStore.CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!stopped) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null && notifications.length > 0) {
                        wake.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!stopped) {
                    LOG.debugf("job notifications paused: %s", e.getMessage());
                    try {
                        TimeUnit.MILLISECONDS.sleep(RECONNECT.toMillis());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
