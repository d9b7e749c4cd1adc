package io.driftless.api.edge;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * The activity clock: remembers the last request the edge check let pass, per preview host, and writes it
 * to its environment's {@code last_request_at} at most once per {@code driftless.edge.activity-flush}. The
 * first request after a quiet spell is written at once (that is what wakes a clock that sleepAfter is
 * counting down); the requests after it within the interval cost a map lookup. The clock may thus lag by up
 * to the interval, which is far below any sensible sleepAfter.
 */
@ApplicationScoped
public class ActivityClock {

    private static final Logger LOG = Logger.getLogger(ActivityClock.class);

    private final DataSource database;
    private final PreviewHosts hosts;
    private final InstantSource clock;
    private final Duration flush;
    private final ConcurrentMap<String, Instant> written = new ConcurrentHashMap<>();

    public ActivityClock(DataSource database, PreviewHosts hosts, InstantSource clock, EdgeConfig config) {
        this.database = database;
        this.hosts = hosts;
        this.clock = clock;
        this.flush = config.activityFlush();
    }

    /** A request to {@code host} passed the edge check now. */
    public void seen(String host) {
        Instant now = clock.instant();
        boolean[] due = { false };
        written.compute(host, (h, last) -> {
            due[0] = last == null || !now.isBefore(last.plus(flush));
            return due[0] ? now : last;
        });
        if (due[0]) {
            hosts.label(host).ifPresent(label -> write(host, label, now));
        }
    }

    /**
     * Whether a request to {@code host} now would be counted without writing anything: one was written
     * within the flush interval. A read only, for the edge check's non-blocking path.
     */
    public boolean recentlySeen(String host) {
        Instant last = written.get(host);
        return last != null && clock.instant().isBefore(last.plus(flush));
    }

    /** Forgets what was written, so that the next request of each host is written (tests). */
    public void forget() {
        written.clear();
    }

    private void write(String host, String label, Instant at) {
        // one statement, never moving the clock back (another api process may have written a later request)
        String sql = "update environment set last_request_at = ? where status = 'ACTIVE'"
                + " and (slug = ? or id in (select r.environment_id from revision r where r.name = ?))"
                + " and (last_request_at is null or last_request_at < ?)";
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            Timestamp t = Timestamp.from(at);
            statement.setTimestamp(1, t);
            statement.setString(2, label);
            statement.setString(3, label);
            statement.setTimestamp(4, t);
            statement.executeUpdate();
        } catch (SQLException e) {
            // the request is not refused for it: the clock is written again after the next interval
            LOG.warnf("could not record activity of %s: %s", label, e.getMessage());
            written.remove(host);
        }
    }
}
