package io.driftless.api.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A worker's liveness as PostgreSQL sees it: a session-level advisory lock held on a connection of its
 * own for as long as the worker lives. The lock dies with the session (a killed process, a closed
 * socket), and {@link JobStore#claim} treats a running job whose key is no longer locked as free, so a
 * crashed worker's jobs are taken over in about a poll interval rather than a lease. The same idea
 * as Que's advisory-lock queue.
 *
 * <p>The server is told to probe the client with short TCP keepalives, so a worker behind a half-open
 * connection loses its lock well within a lease; until then the lease is the fallback. The worker in
 * turn probes this connection with {@link #alive(Duration)} and stops claiming when it fails.
 */
public final class WorkerSession implements AutoCloseable {

    /** The first half of every worker's two-part advisory lock key: "DRFT" read as an int. */
    public static final int LOCK_SPACE = 0x44524654;

    private final Connection connection;
    private final long key;

    private WorkerSession(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    /**
     * Takes a fresh key and locks it on a connection of its own, outside the pool: a pooled connection
     * would go back to the pool on close with the lock still held. {@code probe} sets the server's TCP
     * keepalive: a client gone silent is noticed after about three probes.
     */
    public static WorkerSession open(String jdbcUrl, String user, String password, Duration probe)
            throws SQLException {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "driftless-worker-liveness");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", String.valueOf(Math.max(1, probe.toSeconds())));
        Connection connection = new org.postgresql.Driver().connect(jdbcUrl, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        try {
            connection.setAutoCommit(true);
            long seconds = Math.max(1, probe.toSeconds());
            try (Statement settings = connection.createStatement()) {
                // session GUCs, each a no-op where the platform has no such socket option
                settings.execute("set tcp_keepalives_idle = " + seconds);
                settings.execute("set tcp_keepalives_interval = " + seconds);
                settings.execute("set tcp_keepalives_count = 3");
                settings.execute("set tcp_user_timeout = " + 3 * seconds * 1000);
            }
            long key;
            try (Statement next = connection.createStatement();
                    ResultSet rs = next.executeQuery("select nextval('worker_key_seq')")) {
                rs.next();
                key = rs.getLong(1);
            }
            // the key is new, so nobody else can hold it; a session lock outlives transactions
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(?, ?)")) {
                lock.setInt(1, LOCK_SPACE);
                lock.setInt(2, Math.toIntExact(key));
                lock.execute();
            }
            return new WorkerSession(connection, key);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The key this worker stamps on its claims. */
    public long key() {
        return key;
    }

    /**
     * Whether the session still holds the lock, asked on its own connection within {@code timeout}: a
     * dead, closed or unanswering connection (half-open) is not alive.
     */
    public boolean alive(Duration timeout) {
        try {
            Executor direct = Runnable::run;
            connection.setNetworkTimeout(direct, (int) Math.max(1, timeout.toMillis()));
            try (PreparedStatement held = connection.prepareStatement("""
                    select count(*) from pg_locks
                    where locktype = 'advisory' and classid = ?::bigint::oid and objid = ?::bigint::oid
                      and objsubid = 2 and granted and pid = pg_backend_pid()""")) {
                held.setLong(1, Integer.toUnsignedLong(LOCK_SPACE));
                held.setLong(2, key);
                try (ResultSet rs = held.executeQuery()) {
                    return rs.next() && rs.getLong(1) == 1;
                }
            }
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Ends the session, and with it the lock: jobs still stamped with the key are free to others. */
    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the session is gone either way
        }
    }
}
