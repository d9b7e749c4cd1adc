package io.driftless.worker.deploy;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.jobs.Failures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;

/** The two ways Driftless writes to a cluster: create once, and delete with proof. */
@ApplicationScoped
public class ClusterWrites {

    private static final Logger LOG = Logger.getLogger(ClusterWrites.class);
    private static final int CONFLICT = 409;
    /** Tries of one create that gets no answer, before the job's own backoff takes over. */
    private static final int UNANSWERED_TRIES = 4;

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
        for (int attempt = 1;; attempt++) {
            try {
                client.resource(object).create();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == CONFLICT) {
                    LOG.debugf("%s %s exists already", object.getKind(), object.getMetadata().getName());
                    return;
                }
                // The client retries 5xx, 429 and refused connections itself, but not a request that timed
                // out: retry that here, a few times, before the whole job is tried again. A create that did
                // land answers 409 on the next try, which is taken as done.
                if (!Failures.unanswered(e) || attempt >= UNANSWERED_TRIES) {
                    throw e;
                }
                LOG.debugf("creating %s %s got no answer (try %d): %s", object.getKind(),
                        object.getMetadata().getName(), attempt, e.getMessage());
                pause(100L << attempt);
            }
        }
    }

    private static void pause(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while waiting to try again", interrupted);
        }
    }

    /**
     * Heals an object edited by hand: replaces the live object with the rendered one (a PUT at the live
     * resourceVersion); a merge patch would merge lists instead of restoring them. A concurrent change
     * makes it fail with a conflict; whoever watches or resyncs then sees that change and checks again.
     * The one update Driftless makes, and only ever back to what was rendered.
     */
    public void replace(HasMetadata desired, HasMetadata live) {
        HasMetadata replacement = Serialization.clone(desired);
        replacement.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
        client.resource(replacement).update();
    }

    /** Deletes the object and returns once the cluster reports it gone (a watch, not a poll). */
    public <T extends HasMetadata> void deleteAndConfirm(Resource<T> resource) {
        resource.delete();
        resource.waitUntilCondition(Objects::isNull, config.teardownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
