package io.driftless.worker.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.driftless.api.spec.SealPolicy;
import io.driftless.api.spec.StackSpec.EnvValue;
import io.driftless.api.spec.StackSpec.Hook;
import io.driftless.api.spec.StackSpec.Resources;
import io.driftless.api.spec.StackSpec.ServiceSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * Renders a stack revision ({@link RevisionModel}) into Kubernetes objects: the same sealed namespace as a
 * single image, then per service a Deployment and a Service of its name (so {@code db:5432} works as in
 * Compose), a volume where it asks for storage, one Ingress to the exposed service, and a Job per hook.
 * Pure: no I/O, no clock, no randomness; the same model always gives equal objects.
 */
public final class StackRenderer {

    /** The one Secret of a revision: the repository secrets it is granted, by name. */
    public static final String SECRET = "repository-secrets";
    /** The name of every service's own port, on its container and its Service. */
    public static final String MAIN = "main";
    public static final String DATA_VOLUME = "data";
    public static final String HOOK_PREFIX = "hook-";
    /** How long a hook may run before it is failed, and its revision with it. */
    public static final long HOOK_DEADLINE_SECONDS = 900;

    private StackRenderer() {
    }

    public static RenderedStack render(RevisionModel model) {
        ServiceSpec exposed = model.stack().exposed();
        List<HasMetadata> base = new ArrayList<>();
        base.add(RevisionRenderer.namespace(model));
        base.addAll(SealRenderer.render(model, model.seal(), Labels.selector(model, exposed.name()), exposed.port()));
        if (!model.granted().isEmpty()) {
            base.add(secret(model));
        }
        model.stack().services().values().stream().filter(s -> s.storage() != null)
                .forEach(s -> base.add(volumeClaim(model, s)));
        model.stack().services().values().forEach(s -> base.add(service(model, s)));
        base.add(ingress(model));

        SortedMap<String, Deployment> workloads = new TreeMap<>();
        model.stack().services().values().forEach(s -> workloads.put(s.name(), deployment(model, s)));
        List<Job> hooks = model.stack().hookList().stream().map(h -> hook(model, h)).toList();
        return new RenderedStack(base, workloads, hooks);
    }

    /** The granted secrets, base64 as the API wants them; only rendered when there is at least one. */
    public static Secret secret(RevisionModel model) {
        Map<String, String> data = new TreeMap<>();
        model.granted().forEach((name, value) -> data.put(name,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withMetadata(RevisionRenderer.meta(model, SECRET))
                .withType("Opaque")
                .withData(data)
                .build();
    }

    /** The name of the volume {@code service}'s storage lives on. */
    public static String volumeClaimName(ServiceSpec service) {
        return service.name() + "-" + DATA_VOLUME;
    }

    public static PersistentVolumeClaim volumeClaim(RevisionModel model, ServiceSpec service) {
        return new PersistentVolumeClaimBuilder()
                .withMetadata(serviceMeta(model, service, volumeClaimName(service)))
                .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withNewResources()
                        .withRequests(new TreeMap<>(Map.of("storage", new Quantity(service.storage()))))
                    .endResources()
                .endSpec()
                .build();
    }

    /**
     * The service's own port, named {@code main}; the exposed service also answers on 80 as {@code http},
     * which the Ingress and the environment's alias always reach. Exposed on 80, the one port is {@code http}.
     */
    public static Service service(RevisionModel model, ServiceSpec service) {
        List<ServicePort> ports = new ArrayList<>();
        if (!service.expose() || service.port() != RevisionRenderer.SERVICE_PORT) {
            ports.add(port(MAIN, service.port()));
        }
        if (service.expose()) {
            ports.add(port(RevisionRenderer.HTTP, RevisionRenderer.SERVICE_PORT));
        }
        return new ServiceBuilder()
                .withMetadata(serviceMeta(model, service, service.name()))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(Labels.selector(model, service.name()))
                    .withPorts(ports)
                .endSpec()
                .build();
    }

    private static ServicePort port(String name, int port) {
        return new ServicePortBuilder()
                .withName(name)
                .withPort(port)
                .withTargetPort(new IntOrString(MAIN))
                .withProtocol("TCP")
                .build();
    }

    /** Every path of the revision's host to the exposed service's {@code http} port. */
    public static Ingress ingress(RevisionModel model) {
        ServiceSpec exposed = model.stack().exposed();
        return RevisionRenderer.ingress(serviceMeta(model, exposed, exposed.name()), model.ingressClass(),
                model.host(), exposed.name());
    }

    public static Deployment deployment(RevisionModel model, ServiceSpec service) {
        ContainerBuilder container = new ContainerBuilder(container(model, service, service.name()))
                .withCommand(service.command())
                .withArgs(service.args())
                .addNewPort().withName(MAIN).withContainerPort(service.port()).withProtocol("TCP").endPort()
                .withReadinessProbe(readiness(service));
        PodSpecBuilder pod = sealedPod();
        if (service.storage() != null) {
            container.addNewVolumeMount().withName(DATA_VOLUME).withMountPath(ServiceSpec.DATA_PATH).endVolumeMount();
            pod.addNewVolume()
                    .withName(DATA_VOLUME)
                    .withNewPersistentVolumeClaim().withClaimName(volumeClaimName(service)).endPersistentVolumeClaim()
                .endVolume();
        }
        pod.addToContainers(container.build());
        DeploymentBuilder deployment = new DeploymentBuilder()
                .withMetadata(serviceMeta(model, service, service.name()))
                .withNewSpec()
                    .withReplicas(1)
                    .withRevisionHistoryLimit(0)
                    .withNewSelector().withMatchLabels(Labels.selector(model, service.name())).endSelector()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(Labels.of(model, service.name()))
                            .withAnnotations(Labels.annotations(model))
                        .endMetadata()
                        .withSpec(pod.build())
                    .endTemplate()
                .endSpec();
        if (service.storage() != null) {
            // a ReadWriteOnce volume cannot be held by the old pod and the new one at once
            deployment.editSpec().withNewStrategy().withType("Recreate").endStrategy().endSpec();
        }
        return deployment.build();
    }

    /**
     * A one-shot Job running {@code hook}'s command with its service's image, environment and requests. Its
     * pod carries the hook's label, not the service's selector, so it is never behind the Service. Neither
     * a selector (the API server generates it) nor a TTL (the revision's namespace is its lifetime) is set.
     */
    public static Job hook(RevisionModel model, Hook hook) {
        ServiceSpec service = model.stack().services().get(hook.service());
        if (service == null) {
            throw new IllegalArgumentException("hook " + hook.name() + " runs in " + hook.service()
                    + ", which the stack does not have");
        }
        Map<String, String> labels = Labels.ofHook(model, hook.name());
        return new JobBuilder()
                .withMetadata(RevisionRenderer.meta(model, hookName(hook), labels))
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(HOOK_DEADLINE_SECONDS)
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(labels)
                            .withAnnotations(Labels.annotations(model))
                        .endMetadata()
                        .withSpec(sealedPod()
                                .withRestartPolicy("Never")
                                .addToContainers(new ContainerBuilder(container(model, service, hook.name()))
                                        .withCommand(hook.command())
                                        .build())
                                .build())
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** {@code hook-migrate}, {@code hook-seed}. */
    public static String hookName(Hook hook) {
        return HOOK_PREFIX + hook.name();
    }

    /** A pod sealed as a single image's is: the revision's token-less account, no service links. */
    private static PodSpecBuilder sealedPod() {
        return new PodSpecBuilder()
                .withServiceAccountName(SealRenderer.SERVICE_ACCOUNT)
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(SealRenderer.podSecurityContext());
    }

    /** What a service's workload and its hooks share: image, environment, requests, the container seal. */
    private static Container container(RevisionModel model, ServiceSpec service, String name) {
        return new ContainerBuilder()
                .withName(name)
                .withImage(model.image(service))
                .withEnv(env(model, service))
                .withResources(resources(service.resources(), model.seal().containerDefaults()))
                .withSecurityContext(SealRenderer.containerSecurityContext())
                .build();
    }

    /** Sorted by name: literals as values, granted secrets from the revision's Secret, withheld ones unset. */
    static List<EnvVar> env(RevisionModel model, ServiceSpec service) {
        SortedMap<String, String> granted = model.granted();
        List<EnvVar> env = new ArrayList<>();
        for (Map.Entry<String, EnvValue> variable : service.env().entrySet()) {
            EnvValue value = variable.getValue();
            if (!value.isSecret()) {
                env.add(new EnvVarBuilder().withName(variable.getKey()).withValue(value.value()).build());
            } else if (granted.containsKey(value.secret())) {
                env.add(new EnvVarBuilder().withName(variable.getKey())
                        .withNewValueFrom()
                            .withNewSecretKeyRef().withName(SECRET).withKey(value.secret()).endSecretKeyRef()
                        .endValueFrom()
                        .build());
            }
        }
        return env;
    }

    /** HTTP on the health path when the stack gives one, else the main port accepting connections. */
    private static Probe readiness(ServiceSpec service) {
        ProbeBuilder probe = new ProbeBuilder().withPeriodSeconds(2);
        if (service.health() == null || service.health().path() == null) {
            return probe.withNewTcpSocket().withPort(new IntOrString(MAIN)).endTcpSocket().build();
        }
        int port = service.health().port();
        IntOrString target = port <= 0 || port == service.port() ? new IntOrString(MAIN) : new IntOrString(port);
        return probe.withNewHttpGet().withPath(service.health().path()).withPort(target).endHttpGet().build();
    }

    /**
     * Requests; limits come from the namespace's LimitRange, except where a request is above the policy's
     * default limit: the API server refuses a request above its limit, so that limit is the request.
     * Null when the stack asks for none.
     */
    static ResourceRequirements resources(Resources resources, SealPolicy.ContainerDefaults defaults) {
        Map<String, Quantity> requests = new TreeMap<>();
        Map<String, Quantity> limits = new TreeMap<>();
        if (resources != null && resources.cpu() != null) {
            request(requests, limits, "cpu", new Quantity(resources.cpu()), new Quantity(defaults.limitCpu()));
        }
        if (resources != null && resources.memory() != null) {
            request(requests, limits, "memory", new Quantity(resources.memory()),
                    new Quantity(defaults.limitMemory()));
        }
        if (requests.isEmpty()) {
            return null;
        }
        ResourceRequirementsBuilder built = new ResourceRequirementsBuilder().withRequests(requests);
        return limits.isEmpty() ? built.build() : built.withLimits(limits).build();
    }

    private static void request(Map<String, Quantity> requests, Map<String, Quantity> limits, String resource,
            Quantity request, Quantity defaultLimit) {
        requests.put(resource, request);
        if (Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(defaultLimit)) > 0) {
            limits.put(resource, request);
        }
    }

    private static ObjectMeta serviceMeta(RevisionModel model, ServiceSpec service, String name) {
        return RevisionRenderer.meta(model, name, Labels.of(model, service.name()));
    }
}
