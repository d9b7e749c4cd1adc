package io.driftless.worker.deploy;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.AuditLog;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.RevisionLifecycle;
import io.driftless.api.service.Views.EnvironmentView;
import io.driftless.api.service.Views.RevisionView;
import io.driftless.worker.build.BuildWatcher;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Removes things from the cluster and proves it: delete, wait until the cluster reports the object
 * gone (a watch, not a poll), record the confirmation. Safe to run again after a crash: deleting
 * what is gone is a no-op.
 */
@ApplicationScoped
public class TearDowner {

    private final KubernetesClient client;
    private final EnvironmentService environments;
    private final RevisionLifecycle lifecycle;
    private final Router router;
    private final ClusterWrites writes;
    private final AuditLog audit;
    private final BuildWatcher builds;

    public TearDowner(KubernetesClient client, EnvironmentService environments, RevisionLifecycle lifecycle,
            Router router, ClusterWrites writes, AuditLog audit, BuildWatcher builds) {
        this.builds = builds;
        this.audit = audit;
        this.writes = writes;
        this.client = client;
        this.environments = environments;
        this.lifecycle = lifecycle;
        this.router = router;
    }

    /** Tears the whole environment down: its alias, then every revision's namespace. */
    public void tearDown(UUID environmentId) {
        EnvironmentView environment = environments.get(environmentId);
        router.removeAlias(environment);
        for (RevisionView revision : environment.revisions()) {
            if (revision.phase() == RevisionPhase.TEARING_DOWN) {
                removeRevision(revision);
            }
        }
        environments.confirmTornDown(environmentId);
    }

    /** Retires one revision that policy no longer keeps. */
    public void retire(UUID revisionId) {
        builds.abandoned(revisionId); // a superseded revision's build nobody else waits for stops now
        RevisionView revision = environments.getRevision(revisionId);
        if (revision.phase() == RevisionPhase.SUPERSEDED) {
            lifecycle.moveTo(revisionId, RevisionPhase.TEARING_DOWN, AuditEvent.WORKER, "retired by policy");
            revision = environments.getRevision(revisionId);
        }
        if (revision.phase() == RevisionPhase.TEARING_DOWN) {
            removeRevision(revision);
        }
    }

    private void removeRevision(RevisionView revision) {
        writes.deleteAndConfirm(client.namespaces().withName(revision.namespace()));
        audit.record(revision.environmentId(), revision.id(), AuditEvent.WORKER, AuditLog.DELETION_CONFIRMED,
                "namespace " + revision.namespace() + " confirmed gone");
        lifecycle.moveTo(revision.id(), RevisionPhase.TORN_DOWN, AuditEvent.WORKER,
                "namespace " + revision.namespace() + " confirmed gone");
    }
}
