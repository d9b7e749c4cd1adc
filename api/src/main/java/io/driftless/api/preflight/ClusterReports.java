package io.driftless.api.preflight;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The newest preflight report, in PostgreSQL: a worker checks (it holds the cluster credentials; in the chart the
 * api pods mount no token) and every api and web replica reads what it found. One report at a time: each worker
 * checks the same ServiceAccount's rights against the same cluster, so the newest is the one that matters.
 */
@ApplicationScoped
public class ClusterReports {

    private final EntityManager em;

    public ClusterReports(EntityManager em) {
        this.em = em;
    }

    /** Replaces the stored report with this one. */
    @Transactional
    public void save(ClusterReport report) {
        em.createNativeQuery("delete from cluster_check").executeUpdate();
        int position = 0;
        for (ClusterCheck check : report.checks()) {
            em.createNativeQuery("""
                    insert into cluster_check (position, name, status, detail, checked_at, checked_by)
                    values (?1, ?2, ?3, ?4, ?5, ?6)""")
                    .setParameter(1, position++).setParameter(2, check.name()).setParameter(3, check.status().name())
                    .setParameter(4, check.detail()).setParameter(5, Timestamp.from(report.checkedAt()))
                    .setParameter(6, report.checkedBy()).executeUpdate();
        }
    }

    /** The newest report; empty until a worker has checked. */
    @Transactional
    public Optional<ClusterReport> latest() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select name, status, detail, checked_at, checked_by from cluster_check order by position""")
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        List<ClusterCheck> checks = new ArrayList<>();
        for (Object[] row : rows) {
            checks.add(new ClusterCheck((String) row[0], ClusterCheck.Status.valueOf((String) row[1]), (String) row[2]));
        }
        Object[] first = rows.get(0);
        return Optional.of(new ClusterReport(instant(first[3]), (String) first[4], checks));
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
