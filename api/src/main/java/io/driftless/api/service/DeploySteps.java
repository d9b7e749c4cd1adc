package io.driftless.api.service;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.driftless.api.domain.Job;
import io.driftless.api.domain.Revision;
import io.driftless.api.domain.RevisionPhase;

/**
 * A stack revision deploys in steps (its services start in dependency order, its hooks in theirs): each
 * time the cluster shows progress, the worker asks for the next step, a DEPLOY job of its own. Durable
 * like every job, so a step asked for survives a crash, and one step waiting is enough.
 */
@ApplicationScoped
public class DeploySteps {

    private final EntityManager em;
    private final JobStore jobs;

    public DeploySteps(EntityManager em, JobStore jobs) {
        this.em = em;
        this.jobs = jobs;
    }

    /**
     * Queues the next deploy step of a BUILDING or DEPLOYING revision unless one is queued already.
     *
     * @return whether a step was queued
     */
    @Transactional
    public boolean request(UUID revisionId) {
        Revision revision = em.find(Revision.class, revisionId);
        if (revision == null
                || (revision.phase != RevisionPhase.DEPLOYING && revision.phase != RevisionPhase.BUILDING)) {
            return false;
        }
        long waiting = em.createQuery("""
                select count(j) from Job j
                where j.kind = :deploy and j.revisionId = :revision and j.state = :queued""", Long.class)
                .setParameter("deploy", Job.Kind.DEPLOY).setParameter("revision", revisionId)
                .setParameter("queued", Job.State.QUEUED).getSingleResult();
        if (waiting > 0) {
            return false;
        }
        jobs.enqueue(Job.Kind.DEPLOY, revision.environment.id, revisionId);
        return true;
    }
}
