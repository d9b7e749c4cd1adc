package io.driftless.worker.render;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * A stack revision's objects, grouped by how the deployer treats them.
 *
 * @param base      in creation order: the namespace, its seal, the Secret if any, volumes, Services, the Ingress
 * @param workloads service name to its Deployment, sorted
 * @param hooks     the hook Jobs in the order they run; one-shot, so never checked for drift
 */
public record RenderedStack(List<HasMetadata> base, SortedMap<String, Deployment> workloads, List<Job> hooks) {

    public RenderedStack {
        base = List.copyOf(base);
        workloads = Collections.unmodifiableSortedMap(new TreeMap<>(workloads));
        hooks = List.copyOf(hooks);
    }

    /** What must exist once the revision is READY, in creation order: the base, then the workloads. */
    public List<HasMetadata> steadyState() {
        List<HasMetadata> objects = new ArrayList<>(base);
        objects.addAll(workloads.values());
        return List.copyOf(objects);
    }
}
