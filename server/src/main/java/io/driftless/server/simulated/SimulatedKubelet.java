package io.driftless.server.simulated;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.driftless.worker.render.Labels;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Plays the cluster's controllers on the simulated API server, which only stores objects: every new
 * Deployment becomes available and every new Job completes after the kubelet delay, a Deployment scaled to other
 * replicas has that many available after the delay (none at zero), and deleting a Namespace deletes what is in it.
 * Runs only when {@code driftless.cluster=simulated}.
 */
@ApplicationScoped
public class SimulatedKubelet {

    private static final Logger LOG = Logger.getLogger(SimulatedKubelet.class);

    private final KubernetesClient client;
    private final SimulatedClusterConfig config;
    private static final int MAX_ATTEMPTS = 20;
    private final List<SharedIndexInformer<?>> informers = new java.util.ArrayList<>();
    private ScheduledExecutorService timer;

    public SimulatedKubelet(@SimulatedActors.Simulated KubernetesClient client, SimulatedClusterConfig config) {
        this.client = client;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (!config.isSimulated()) {
            return;
        }
        timer = SimulatedClusterConfig.timer("simulated-kubelet");
        informers.add(SimulatedClusterConfig.watch(client.apps().deployments().inAnyNamespace(), new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                if (deployment.getStatus() == null || deployment.getStatus().getAvailableReplicas() == null) {
                    timer.schedule(() -> makeAvailable(deployment, 1), config.simulated().kubeletDelay().toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
                // scaled (a sleep or a wake): the pods stop, or start and are available after the delay
                if (!java.util.Objects.equals(replicas(before), replicas(after))) {
                    timer.schedule(() -> makeAvailable(after, 1), config.simulated().kubeletDelay().toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void onDelete(Deployment deployment, boolean finalStateUnknown) {
            }
        }));
        informers.add(SimulatedClusterConfig.watch(client.batch().v1().jobs().inAnyNamespace(), new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                if (job.getMetadata().getLabels() != null
                        && job.getMetadata().getLabels().containsKey(Labels.BUILD)) {
                    return; // builds are the simulated builder's
                }
                if (job.getStatus() == null || job.getStatus().getConditions() == null
                        || job.getStatus().getConditions().isEmpty()) {
                    timer.schedule(() -> complete(job, 1), config.simulated().kubeletDelay().toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }

            @Override
            public void onUpdate(Job before, Job after) {
            }

            @Override
            public void onDelete(Job job, boolean finalStateUnknown) {
            }
        }));
        informers.add(SimulatedClusterConfig.watch(client.namespaces(), new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace namespace) {
            }

            @Override
            public void onUpdate(Namespace before, Namespace after) {
            }

            @Override
            public void onDelete(Namespace namespace, boolean finalStateUnknown) {
                timer.execute(() -> emptyNamespace(namespace.getMetadata().getName()));
            }
        }));
        LOG.infof("simulated kubelet: Deployments become available and Jobs complete %d ms after creation",
                config.simulated().kubeletDelay().toMillis());
    }

    void stop(@Observes ShutdownEvent event) {
        informers.forEach(SharedIndexInformer::close);
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private static Integer replicas(Deployment d) {
        return d.getSpec() == null ? null : d.getSpec().getReplicas();
    }

    /**
     * Marks the Deployment's replicas (as many as its spec asks for now, none when scaled to zero) available. Like a real controller it requeues with backoff when the API
     * server does not answer, so one dropped connection does not leave a Deployment unavailable forever.
     */
    private void makeAvailable(Deployment deployment, int attempt) {
        String namespace = deployment.getMetadata().getNamespace();
        String name = deployment.getMetadata().getName();
        try {
            Deployment current = client.apps().deployments().inNamespace(namespace).withName(name).get();
            if (current == null) {
                return;
            }
            int replicas = current.getSpec().getReplicas() == null ? 1 : current.getSpec().getReplicas();
            current.setStatus(new DeploymentStatusBuilder()
                    .withObservedGeneration(current.getMetadata().getGeneration())
                    .withReplicas(replicas)
                    .withReadyReplicas(replicas)
                    .withAvailableReplicas(replicas)
                    .withUpdatedReplicas(replicas)
                    .withConditions(new DeploymentConditionBuilder()
                            .withType("Available").withStatus("True").withReason("MinimumReplicasAvailable")
                            .build())
                    .build());
            client.apps().deployments().inNamespace(namespace).resource(current).updateStatus();
        } catch (RuntimeException e) {
            if (attempt >= MAX_ATTEMPTS || timer.isShutdown()) {
                LOG.warnf("simulated kubelet gave up on Deployment %s/%s after %d tries: %s", namespace, name,
                        attempt, e.getMessage());
                return;
            }
            long delay = Math.min(5_000, 100L << Math.min(attempt, 6));
            LOG.warnf("simulated kubelet could not update Deployment %s/%s (try %d), again in %d ms: %s", namespace,
                    name, attempt, delay, e.getMessage());
            timer.schedule(() -> makeAvailable(deployment, attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Completes the Job as a real one that succeeded would be: {@code succeeded: 1} and the Complete
     * condition. A Job whose status a test has written already (e.g. Failed) is left as it is.
     */
    private void complete(Job job, int attempt) {
        String namespace = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        try {
            Job current = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            if (current == null || (current.getStatus() != null && current.getStatus().getConditions() != null
                    && !current.getStatus().getConditions().isEmpty())) {
                return;
            }
            String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
            current.setStatus(new JobStatusBuilder()
                    .withSucceeded(1)
                    .withStartTime(now)
                    .withCompletionTime(now)
                    .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build())
                    .build());
            client.batch().v1().jobs().inNamespace(namespace).resource(current).updateStatus();
        } catch (RuntimeException e) {
            if (attempt >= MAX_ATTEMPTS || timer.isShutdown()) {
                LOG.warnf("simulated kubelet gave up on Job %s/%s after %d tries: %s", namespace, name, attempt,
                        e.getMessage());
                return;
            }
            long delay = Math.min(5_000, 100L << Math.min(attempt, 6));
            timer.schedule(() -> complete(job, attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
    }

    /** What the namespace controller of a real cluster does when a namespace is deleted. */
    private void emptyNamespace(String namespace) {
        try {
            client.apps().deployments().inNamespace(namespace).delete();
            client.services().inNamespace(namespace).delete();
            client.network().v1().ingresses().inNamespace(namespace).delete();
            client.network().v1().networkPolicies().inNamespace(namespace).delete();
            client.serviceAccounts().inNamespace(namespace).delete();
            client.resourceQuotas().inNamespace(namespace).delete();
            client.limitRanges().inNamespace(namespace).delete();
            client.configMaps().inNamespace(namespace).delete();
            client.secrets().inNamespace(namespace).delete();
            client.batch().v1().jobs().inNamespace(namespace).delete();
            client.persistentVolumeClaims().inNamespace(namespace).delete();
        } catch (RuntimeException e) {
            LOG.warnf("simulated namespace controller could not empty %s: %s", namespace, e.getMessage());
        }
    }
}
