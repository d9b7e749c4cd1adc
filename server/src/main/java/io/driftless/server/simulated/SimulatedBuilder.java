package io.driftless.server.simulated;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.driftless.api.naming.Names;
import io.driftless.api.service.BuildStore;
import io.driftless.worker.build.BuildOutcomes;
import io.driftless.worker.render.Labels;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Plays BuildKit on the simulated cluster: each new build Job, after the build delay, "pushes" an image
 * whose digest is derived from its cache key (so one key always gives one digest), remembers it in the
 * simulated registry, writes a few log lines, and completes. A Job whose status a test wrote first (e.g.
 * Failed) is left as it is. Runs only when {@code driftless.cluster=simulated}.
 */
@ApplicationScoped
@Typed(SimulatedBuilder.class)
public class SimulatedBuilder implements BuildOutcomes {

    private static final Logger LOG = Logger.getLogger(SimulatedBuilder.class);

    private final KubernetesClient client;
    private final SimulatedClusterConfig config;
    private final BuildStore builds;
    private final SimulatedRegistry registry;
    private final Map<String, String> logs = new ConcurrentHashMap<>();
    private final Map<String, String> digests = new ConcurrentHashMap<>();
    private SharedIndexInformer<Job> informer;
    private ScheduledExecutorService timer;

    public SimulatedBuilder(@SimulatedActors.Simulated KubernetesClient client, SimulatedClusterConfig config,
            BuildStore builds, SimulatedRegistry registry) {
        this.client = client;
        this.config = config;
        this.builds = builds;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        if (!config.isSimulated()) {
            return;
        }
        timer = SimulatedClusterConfig.timer("simulated-builder");
        informer = SimulatedClusterConfig.watch(client.batch().v1().jobs().inAnyNamespace().withLabel(Labels.BUILD),
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Job job) {
                        if (job.getStatus() == null || job.getStatus().getConditions() == null
                                || job.getStatus().getConditions().isEmpty()) {
                            logs.put(key(job), "#1 [internal] load build definition from Dockerfile\n");
                            timer.schedule(() -> build(job), config.simulated().buildDelay().toMillis(),
                                    TimeUnit.MILLISECONDS);
                        }
                    }

                    @Override
                    public void onUpdate(Job before, Job after) {
                    }

                    @Override
                    public void onDelete(Job job, boolean finalStateUnknown) {
                    }
                });
        LOG.infof("simulated builder: build Jobs push an image derived from their cache key %d ms after creation",
                config.simulated().buildDelay().toMillis());
    }

    void stop(@Observes ShutdownEvent event) {
        if (informer != null) {
            informer.close();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void build(Job job) {
        String namespace = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        try {
            Job current = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
            if (current == null || (current.getStatus() != null && current.getStatus().getConditions() != null
                    && !current.getStatus().getConditions().isEmpty())) {
                return;
            }
            String key = current.getMetadata().getAnnotations().get(Labels.CACHE_KEY);
            String digest = "sha256:" + Names.sha256Hex("simulated build of " + key);
            String destination = builds.get(UUID.fromString(current.getMetadata().getLabels()
                    .get(Labels.BUILD))).destination();
            registry.pushed(destination, digest);
            digests.put(key(current), digest);
            logs.merge(key(current), "#2 [simulated] building " + destination + "\n#3 exporting to image\n"
                    + "#3 pushing " + destination + "@" + digest + " done\n", String::concat);
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            current.setStatus(new JobStatusBuilder().withSucceeded(1).withStartTime(now).withCompletionTime(now)
                    .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build())
                    .build());
            client.batch().v1().jobs().inNamespace(namespace).resource(current).updateStatus();
        } catch (RuntimeException e) {
            LOG.warnf("simulated builder could not finish build Job %s/%s: %s", namespace, name, e.getMessage());
        }
    }

    @Override
    public String log(Job job) {
        return logs.getOrDefault(key(job), "");
    }

    @Override
    public Optional<String> digest(Job job) {
        return Optional.ofNullable(digests.get(key(job)));
    }

    private static String key(Job job) {
        return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
    }
}
