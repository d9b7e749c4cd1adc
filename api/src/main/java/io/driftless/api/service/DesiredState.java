package io.driftless.api.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.driftless.api.config.PolicyConfig;
import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.Job;
import io.driftless.api.domain.Revision;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.naming.Urls;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.api.service.Views.RouteTarget;

/**
 * What the database says the cluster should hold, read in one go for the level-triggered resync: every
 * READY revision (whose objects must exist as rendered), every alias (which must point at its
 * environment's current revision), and every removal that no job is carrying out any more.
 */
@ApplicationScoped
public class DesiredState {

    private final EntityManager em;
    private final PolicyConfig policy;
    private final Urls urls;
    private final JobStore jobs;

    public DesiredState(EntityManager em, PolicyConfig policy, Urls urls, JobStore jobs) {
        this.em = em;
        this.policy = policy;
        this.urls = urls;
        this.jobs = jobs;
    }

    /**
     * @param ready    revisions whose objects must exist exactly as rendered
     * @param aliases  environments whose alias must point at their current revision
     * @param removals revisions being removed (or retired) with no job left to finish it
     */
    public record Snapshot(List<DeployTarget> ready, List<RouteTarget> aliases, List<Removal> removals) {
    }

    /** A revision to remove: the whole environment is being torn down, or policy retired it. */
    public record Removal(UUID environmentId, UUID revisionId, boolean wholeEnvironment) {
    }

    @Transactional
    public Snapshot snapshot() {
        List<Revision> ready = em.createQuery(
                "from Revision r join fetch r.environment where r.phase = :ready order by r.name", Revision.class)
                .setParameter("ready", RevisionPhase.READY).getResultList();
        List<Environment> routed = em.createQuery("""
                from Environment e join fetch e.currentRevision
                where e.status = :active order by e.slug""", Environment.class)
                .setParameter("active", EnvironmentStatus.ACTIVE).getResultList();
        return new Snapshot(ready.stream().map(r -> DeployTarget.of(r, policy)).toList(),
                routed.stream().map(this::routeTarget).toList(), stalledRemovals());
    }

    /** The READY revisions of one environment, read again when its reconcile job runs. */
    @Transactional
    public List<DeployTarget> ready(UUID environmentId) {
        return em.createQuery("""
                from Revision r join fetch r.environment
                where r.environment.id = :e and r.phase = :ready order by r.number""", Revision.class)
                .setParameter("e", environmentId).setParameter("ready", RevisionPhase.READY).getResultStream()
                .map(r -> DeployTarget.of(r, policy)).toList();
    }

    private RouteTarget routeTarget(Environment e) {
        return RouteTarget.of(e, urls.host(e.slug));
    }

    /**
     * Revisions being torn down or retired whose environment has no cluster job queued or running: the
     * job that should remove them failed for good, or was lost. Their removal is asked for again.
     */
    private List<Removal> stalledRemovals() {
        List<Object[]> rows = em.createQuery("""
                select r.environment.id, r.id, r.environment.status from Revision r
                where r.phase in (:removing)
                  and not exists (select 1 from Job j where j.environmentId = r.environment.id
                                  and j.lane = :cluster and j.state in (:open))""", Object[].class)
                .setParameter("removing", List.of(RevisionPhase.TEARING_DOWN, RevisionPhase.SUPERSEDED))
                .setParameter("cluster", Job.Lane.CLUSTER)
                .setParameter("open", List.of(Job.State.QUEUED, Job.State.RUNNING))
                .getResultList();
        List<Removal> removals = new ArrayList<>();
        for (Object[] row : rows) {
            removals.add(new Removal((UUID) row[0], (UUID) row[1], row[2] != EnvironmentStatus.ACTIVE));
        }
        return removals;
    }

    /** How many jobs a resync queued: reconciles, and removals asked for again. */
    public record Queued(int reconciles, int removals) {
    }

    /**
     * Queues a RECONCILE for each environment named that has none queued yet, and the removals asked
     * for again.
     */
    @Transactional
    public Queued enqueue(Collection<UUID> toReconcile, Collection<Removal> removals) {
        int queued = 0;
        Set<UUID> waiting = new HashSet<>();
        if (!toReconcile.isEmpty()) {
            waiting.addAll(em.createQuery("""
                    select j.environmentId from Job j
                    where j.kind = :kind and j.state = :queued and j.environmentId in :ids""", UUID.class)
                    .setParameter("kind", Job.Kind.RECONCILE).setParameter("queued", Job.State.QUEUED)
                    .setParameter("ids", toReconcile).getResultList());
        }
        for (UUID environment : toReconcile) {
            if (waiting.add(environment)) {
                jobs.enqueue(Job.Kind.RECONCILE, environment, null);
                queued++;
            }
        }
        int asked = 0;
        Set<UUID> tearingDown = new HashSet<>();
        for (Removal removal : removals) {
            if (removal.wholeEnvironment()) {
                if (tearingDown.add(removal.environmentId())) {
                    jobs.enqueue(Job.Kind.TEARDOWN, removal.environmentId(), null);
                    asked++;
                }
            } else {
                jobs.enqueue(Job.Kind.RETIRE, removal.environmentId(), removal.revisionId());
                asked++;
            }
        }
        return new Queued(queued, asked);
    }
}
