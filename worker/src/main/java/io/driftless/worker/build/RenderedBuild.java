package io.driftless.worker.build;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * A build's objects: its sealed namespace, then the one Job that builds and pushes.
 *
 * @param namespace in creation order: the Namespace, its ServiceAccount, quota, limit range and network
 *                  policies. The Secrets are not here: their values never pass through a render input
 *                  ({@link BuildRenderer#pushSecret}, {@link BuildRenderer#gitTokenSecret}).
 * @param job       the build; created after the namespace and its Secrets
 */
public record RenderedBuild(List<HasMetadata> namespace, Job job) {

    public RenderedBuild {
        namespace = List.copyOf(namespace);
    }

    /** Everything, in creation order. */
    public List<HasMetadata> all() {
        List<HasMetadata> objects = new ArrayList<>(namespace);
        objects.add(job);
        return List.copyOf(objects);
    }
}
