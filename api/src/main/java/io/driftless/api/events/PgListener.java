package io.driftless.api.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * PostgreSQL LISTEN on one channel, on a connection of its own, handing each NOTIFY payload to a
 * consumer. NOTIFY is delivered at commit to every listening process, so this is how a change made by
 * another process on the same database reaches this one. On any database error it reconnects after a
 * pause and calls {@code onListening} again: notifications sent while it was away are lost, so
 * whoever listens must then re-read what it cares about.
 *
 * <p>Run it on a thread of its own; {@link #stop()} ends it within {@link #POLL}.
 */
public final class PgListener implements Runnable {

    private static final Logger LOG = Logger.getLogger(PgListener.class);
    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** PgJDBC reads the socket for this long per call: a notification arrives at once, not after it. */
    private static final int POLL = 500;
    private static final Duration RECONNECT = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final String channel;
    private final Consumer<String> onNotification;
    private final Runnable onListening;
    private volatile boolean stopped;

    /**
     * @param onNotification gets each payload, on the listener's thread
     * @param onListening    runs each time LISTEN is in place, first and after every reconnect
     */
    public PgListener(DataSource dataSource, String channel, Consumer<String> onNotification, Runnable onListening) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("not a plain channel name: " + channel);
        }
        this.dataSource = dataSource;
        this.channel = channel;
        this.onNotification = onNotification;
        this.onListening = onListening;
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
                    listen.execute("LISTEN " + channel);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                onListening.run();
                while (!stopped) {
                    PGNotification[] notifications = pg.getNotifications(POLL);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            onNotification.accept(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!stopped) {
                    LOG.debugf("notifications on %s paused: %s", channel, e.getMessage());
                    try {
                        Thread.sleep(RECONNECT.toMillis());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
