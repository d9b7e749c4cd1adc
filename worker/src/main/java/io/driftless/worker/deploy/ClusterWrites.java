package io.driftless.worker.deploy;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.driftless.worker.config.WorkerConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;

/** The two ways Driftless writes to a cluster: create once, and delete with proof. */
@ApplicationScoped
public class ClusterWrites {

    private static final Logger LOG = Logger.getLogger(ClusterWrites.class);
    private static final int CONFLICT = 409;

    private final KubernetesClient client;
    private final WorkerConfig config;

    public ClusterWrites(KubernetesClient client, WorkerConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * Creates the object; one that exists already was made by an earlier try of the same job. Objects
     * are never updated: what exists is what was rendered (drift detection makes sure of it).
     */
    public void createIfAbsent(HasMetadata object) {
        try {
            client.resource(object).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != CONFLICT) {
                throw e;
            }
            LOG.debugf("%s %s exists already", object.getKind(), object.getMetadata().getName());
        }
    }

    /** Deletes the object and returns once the cluster reports it gone (a watch, not a poll). */
    public <T extends HasMetadata> void deleteAndConfirm(Resource<T> resource) {
        resource.delete();
        resource.waitUntilCondition(Objects::isNull, config.teardownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
