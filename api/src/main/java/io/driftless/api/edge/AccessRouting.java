package io.driftless.api.edge;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.Job;
import io.driftless.api.policy.PolicyService;
import io.driftless.api.service.JobStore;

/**
 * When {@code access} changes, queues a ROUTE job for each live environment it applies to (ADR 0010): the
 * Router puts their preview Ingresses behind {@code /edge/check} or takes them out. {@code /edge/check}
 * itself follows the new access within its cache TTL; the Ingresses follow as fast as the jobs run.
 */
@ApplicationScoped
public class AccessRouting {

    private final EntityManager em;
    private final JobStore jobs;

    public AccessRouting(EntityManager em, JobStore jobs) {
        this.em = em;
        this.jobs = jobs;
    }

    void onAccessChanged(@Observes AccessChanged changed) {
        boolean global = PolicyService.GLOBAL.equals(changed.scope());
        // after a global change, repositories with an access of their own get a job too: it changes nothing
        String sql = "select e.id, e.current_revision_id from environment e where e.status <> :tornDown"
                + " and e.current_revision_id is not null" + (global ? "" : " and lower(e.repository) = :scope");
        var query = em.createNativeQuery(sql).setParameter("tornDown", EnvironmentStatus.TORN_DOWN.name());
        if (!global) {
            query.setParameter("scope", changed.scope());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        for (Object[] row : rows) {
            jobs.enqueue(Job.Kind.ROUTE, (UUID) row[0], (UUID) row[1]);
        }
    }
}
