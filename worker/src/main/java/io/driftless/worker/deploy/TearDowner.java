package io.driftless.worker.deploy;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.RevisionLifecycle;
import io.driftless.api.service.Views.EnvironmentView;
import io.driftless.api.service.Views.RevisionView;
import io.driftless.worker.config.WorkerConfig;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Tears an environment down: delete each revision's namespace, wait until the cluster confirms it
 * gone, record that, then mark the environment TORN_DOWN. Safe to run again after a crash: deleting
 * a namespace that is gone is a no-op.
 */
@ApplicationScoped
public class TearDowner {

    private final KubernetesClient client;
    private final EnvironmentService environments;
    private final RevisionLifecycle lifecycle;
    private final WorkerConfig config;

    public TearDowner(KubernetesClient client, EnvironmentService environments, RevisionLifecycle lifecycle,
            WorkerConfig config) {
        this.client = client;
        this.environments = environments;
        this.lifecycle = lifecycle;
        this.config = config;
    }

    public void tearDown(UUID environmentId) {
        EnvironmentView environment = environments.get(environmentId);
        for (RevisionView revision : environment.revisions()) {
            if (revision.phase() == RevisionPhase.TEARING_DOWN) {
                deleteNamespace(revision.namespace());
                lifecycle.moveTo(revision.id(), RevisionPhase.TORN_DOWN,
                        "namespace " + revision.namespace() + " confirmed gone");
            }
        }
        environments.confirmTornDown(environmentId);
    }

    private void deleteNamespace(String name) {
        var namespace = client.namespaces().withName(name);
        namespace.delete();
        // a watch, not a poll: returns as soon as the cluster reports the namespace deleted
        namespace.waitUntilCondition(Objects::isNull, config.teardownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
