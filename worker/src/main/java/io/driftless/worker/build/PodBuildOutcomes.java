package io.driftless.worker.build;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** A build's log and digest from its Job's pod, as a real cluster keeps them. */
@ApplicationScoped
@Typed(PodBuildOutcomes.class)
public class PodBuildOutcomes implements BuildOutcomes {

    private final KubernetesClient client;

    public PodBuildOutcomes(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public String log(Job job) {
        return pod(job).map(p -> {
            try {
                String log = client.pods().inNamespace(p.getMetadata().getNamespace())
                        .withName(p.getMetadata().getName()).getLog();
                return log == null ? "" : log;
            } catch (KubernetesClientException e) {
                return "";
            }
        }).orElse("");
    }

    @Override
    public Optional<String> digest(Job job) {
        return pod(job).flatMap(p -> p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                ? Optional.<ContainerStatus>empty()
                : p.getStatus().getContainerStatuses().stream().findFirst())
                .map(s -> s.getState() == null || s.getState().getTerminated() == null ? null
                        : s.getState().getTerminated().getMessage())
                .flatMap(BuildRenderer::pushedDigest);
    }

    private Optional<Pod> pod(Job job) {
        List<Pod> pods = client.pods().inNamespace(job.getMetadata().getNamespace())
                .withLabel("job-name", job.getMetadata().getName()).list().getItems();
        return pods.stream().max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp() == null ? ""
                : p.getMetadata().getCreationTimestamp()));
    }
}
