package io.driftless.api.metrics;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.driftless.api.domain.Job;

/**
 * {@code driftless_jobs{state, lane, kind}}: the jobs queued and running now, as the database has them
 * (so every replica reports the same numbers: aggregate with max, not sum). One grouped query per scrape
 * at most, whatever the number of gauges: their values come from a snapshot a few seconds old at most.
 * Failed jobs are counted by {@code driftless_jobs_run_seconds_count{outcome="failed"}}.
 */
@ApplicationScoped
public class JobGauges implements MeterBinder {

    private static final Logger LOG = Logger.getLogger(JobGauges.class);
    private static final long FRESH_NANOS = 5_000_000_000L;
    private static final String COUNT = """
            select kind, state, count(*) from job where state in ('QUEUED', 'RUNNING') group by kind, state""";

    private final DataSource dataSource;
    private volatile Snapshot snapshot = new Snapshot(Long.MIN_VALUE, Map.of(), Map.of());

    public JobGauges(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private record Snapshot(long takenAt, Map<Job.Kind, Long> queued, Map<Job.Kind, Long> running) {
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Job.Kind kind : Job.Kind.values()) {
            for (Job.State state : new Job.State[] { Job.State.QUEUED, Job.State.RUNNING }) {
                Gauge.builder("driftless.jobs", () -> count(kind, state))
                        .description("Jobs queued or running now, per lane and kind")
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .tag("lane", kind.lane().name().toLowerCase(Locale.ROOT))
                        .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                        .register(registry);
            }
        }
    }

    private double count(Job.Kind kind, Job.State state) {
        Snapshot current = fresh();
        Map<Job.Kind, Long> counts = state == Job.State.QUEUED ? current.queued() : current.running();
        return counts.getOrDefault(kind, 0L);
    }

    private Snapshot fresh() {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (current.takenAt() != Long.MIN_VALUE && now - current.takenAt() < FRESH_NANOS) {
            return current;
        }
        synchronized (this) {
            if (snapshot != current) {
                return snapshot;
            }
            Map<Job.Kind, Long> queued = new EnumMap<>(Job.Kind.class);
            Map<Job.Kind, Long> running = new EnumMap<>(Job.Kind.class);
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(COUNT)) {
                while (rows.next()) {
                    Job.Kind kind;
                    try {
                        kind = Job.Kind.valueOf(rows.getString(1));
                    } catch (IllegalArgumentException newerKind) {
                        continue; // queued by a newer version of Driftless during a rolling upgrade
                    }
                    ("QUEUED".equals(rows.getString(2)) ? queued : running).put(kind, rows.getLong(3));
                }
            } catch (SQLException e) {
                // the database is away: keep showing the last numbers rather than zeros that would look calm
                LOG.debugf("job gauges not refreshed: %s", e.getMessage());
                return current;
            }
            snapshot = new Snapshot(System.nanoTime(), queued, running);
            return snapshot;
        }
    }
}
