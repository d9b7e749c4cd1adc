package io.driftless.worker.build;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.driftless.api.naming.Names;
import io.driftless.api.spec.SealPolicy;
import io.driftless.worker.render.Labels;
import io.driftless.worker.render.SealRenderer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/**
 * Renders one service's image build ({@link BuildInput}): a build namespace sealed as a revision's is, but
 * reaching the internet whatever the seal says, and a Job running rootless BuildKit
 * ({@code buildctl-daemonless.sh}) on the git context at the commit, pushing to the registry and writing the
 * pushed digest as its termination message ({@link #pushedDigest}). Why the namespace enforces less Pod
 * Security than a revision's: ADR 0008. Pure: no I/O, no clock, no randomness.
 */
public final class BuildRenderer {

    /** The Job, and its one container's name is {@link #CONTAINER}. */
    public static final String JOB = "build";
    public static final String CONTAINER = "buildkit";
    /** The build namespace's token-less ServiceAccount. */
    public static final String SERVICE_ACCOUNT = "build";

    /** The registry push credentials, a {@code kubernetes.io/dockerconfigjson} Secret; only in build namespaces. */
    public static final String PUSH_SECRET = "registry-push";
    /** The git token for private repositories, key {@link #GIT_TOKEN_KEY}; only in non-fork build namespaces. */
    public static final String GIT_TOKEN_SECRET = "git-token";
    public static final String GIT_TOKEN_KEY = "token";
    /** The secret id BuildKit's git source authenticates HTTPS clones with by default. */
    public static final String GIT_AUTH_TOKEN = "GIT_AUTH_TOKEN";

    /** The rootless image's user (and group): it owns the image's home and its subordinate id ranges. */
    public static final long BUILDKIT_USER = 1000;
    public static final String HOME = "/home/user";
    /** Where BuildKit keeps its state: an emptyDir, as the image's own VOLUME fails rootless on some nodes. */
    public static final String STATE_PATH = HOME + "/.local/share/buildkit";
    public static final String DOCKER_CONFIG = HOME + "/.docker";
    public static final String STATE_VOLUME = "buildkit-state";
    public static final String PUSH_VOLUME = "registry-push";
    /** Where buildctl writes its metadata: a directory it can create temporary files in (see {@link #SCRIPT}). */
    public static final String METADATA_FILE = "/tmp/build-metadata.json";
    public static final String TERMINATION_LOG = "/dev/termination-log";
    /** Without a sandbox of its own per RUN step: Kubernetes cannot unmask /proc for it (BuildKit's rootless.md). */
    public static final String BUILDKITD_FLAGS = "--oci-worker-no-process-sandbox";

    /**
     * Pod Security: enforced at {@code privileged}, because rootless BuildKit needs seccomp and AppArmor
     * unconfined, which {@code baseline} refuses; audited and warned at {@code baseline}, so anything else that
     * strays shows (ADR 0008).
     */
    public static final String POD_SECURITY_ENFORCED = "privileged";
    public static final String POD_SECURITY_REPORTED = "baseline";
    /** All a non-root user needs: newuidmap and newgidmap map the subordinate ranges with these, and only these. */
    public static final List<String> CAPABILITIES = List.of("SETGID", "SETUID");

    public static final String REQUEST_CPU = "500m";
    public static final String REQUEST_MEMORY = "1Gi";
    public static final String LIMIT_CPU = "2";
    public static final String LIMIT_MEMORY = "4Gi";
    /** What BuildKit's state may grow to before the kubelet evicts the build. */
    public static final String STATE_SIZE_LIMIT = "20Gi";

    /**
     * The container's command: {@code sh -c SCRIPT buildctl-daemonless.sh <args>}. buildctl cannot write its
     * metadata straight to {@link #TERMINATION_LOG}: it writes atomically, through a temporary file renamed
     * over the target, and {@code /dev} is neither writable nor a place a bind-mounted file can be renamed
     * over. So it writes to {@link #METADATA_FILE}, and only the pushed digest is copied to the termination
     * log (whose 4096 bytes the whole metadata could outgrow). No digest there fails the container.
     */
    static final String SCRIPT = "set -eu\n"
            + "\"$0\" \"$@\"\n"
            + "sed -n 's/.*\"containerimage.digest\": *\"\\(sha256:[0-9a-f]\\{64\\}\\)\".*/\\1/p' "
            + METADATA_FILE + " > " + TERMINATION_LOG + "\n"
            + "test -s " + TERMINATION_LOG + "\n";

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private BuildRenderer() {
    }

    public static RenderedBuild render(BuildInput in) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(namespace(in));
        objects.add(SealRenderer.serviceAccount(meta(in, SERVICE_ACCOUNT)));
        objects.add(SealRenderer.resourceQuota(meta(in, "quota"), quota()));
        objects.add(SealRenderer.limitRange(meta(in, "defaults"), in.seal().containerDefaults()));
        objects.add(SealRenderer.defaultDeny(meta(in, SealRenderer.DEFAULT_DENY)));
        objects.add(SealRenderer.allowDns(meta(in, SealRenderer.ALLOW_DNS)));
        // the source and its packages are on the internet: a build reaches it whatever its revision may
        objects.add(SealRenderer.allowInternetEgress(meta(in, SealRenderer.ALLOW_INTERNET_EGRESS)));
        return new RenderedBuild(objects, job(in));
    }

    /** Labels of every object of a build, sorted. */
    public static Map<String, String> labels(BuildInput in) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(Labels.MANAGED_BY, Labels.DRIFTLESS);
        labels.put(Labels.PART_OF, Labels.DRIFTLESS);
        labels.put(Labels.BUILD, in.buildId().toString());
        labels.put(Labels.CACHE_KEY, in.cacheKey().substring(0, Names.MAX_LABEL));
        labels.put(Labels.REPOSITORY, Labels.repositoryValue(in.repository()));
        labels.put(Labels.SERVICE, in.service());
        return labels;
    }

    /** What does not fit a label value: the whole key, the repositories and the commit. */
    public static Map<String, String> annotations(BuildInput in) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(Labels.CACHE_KEY, in.cacheKey());
        annotations.put(Labels.COMMIT_ANNOTATION, in.commit());
        annotations.put(Labels.REPOSITORY_ANNOTATION, in.repository());
        annotations.put(Labels.HEAD_REPOSITORY_ANNOTATION, in.headRepository());
        return annotations;
    }

    /** The build namespace: the build's labels, its role, and its Pod Security levels. */
    public static Namespace namespace(BuildInput in) {
        Map<String, String> labels = new TreeMap<>(labels(in));
        labels.put(Labels.ROLE, Labels.ROLE_BUILD);
        labels.putAll(SealRenderer.podSecurityLabels(POD_SECURITY_ENFORCED, POD_SECURITY_REPORTED));
        return new NamespaceBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(in.namespace())
                        .withLabels(labels)
                        .withAnnotations(annotations(in))
                        .build())
                .build();
    }

    /**
     * Room for the one build pod and nothing else: its resources, no Service, no volume claim. Tighter than
     * the revision's quota and never short of what the build asks for, whatever the policy says.
     */
    public static SealPolicy.Quota quota() {
        return new SealPolicy.Quota(REQUEST_CPU, REQUEST_MEMORY, LIMIT_CPU, LIMIT_MEMORY, 1, 0, 0);
    }

    /**
     * The build: one attempt ({@code backoffLimit 0}) within the timeout, no TTL (the worker reads its result,
     * then deletes the namespace), no selector (the API server generates it).
     */
    public static Job job(BuildInput in) {
        PodSpecBuilder pod = new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withServiceAccountName(SERVICE_ACCOUNT)
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withNewSecurityContext()
                    .withRunAsNonRoot(true)
                    .withRunAsUser(BUILDKIT_USER)
                    .withRunAsGroup(BUILDKIT_USER)
                .endSecurityContext()
                .addToContainers(container(in))
                .addNewVolume()
                    .withName(STATE_VOLUME)
                    .withNewEmptyDir().withSizeLimit(new Quantity(STATE_SIZE_LIMIT)).endEmptyDir()
                .endVolume();
        if (in.pushSecret()) {
            pod.addNewVolume()
                    .withName(PUSH_VOLUME)
                    .withNewSecret()
                        .withSecretName(PUSH_SECRET)
                        .addNewItem().withKey(".dockerconfigjson").withPath("config.json").endItem()
                    .endSecret()
                .endVolume();
        }
        Map<String, String> labels = labels(in);
        return new JobBuilder()
                .withMetadata(meta(in, JOB))
                .withNewSpec()
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds(in.timeoutSeconds())
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(labels)
                            .withAnnotations(annotations(in))
                        .endMetadata()
                        .withSpec(pod.build())
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Container container(BuildInput in) {
        ContainerBuilder container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(in.builderImage())
                .withCommand("/bin/sh", "-c", SCRIPT, "buildctl-daemonless.sh")
                .withArgs(arguments(in))
                .withEnv(env(in))
                .withResources(resources())
                .withSecurityContext(securityContext())
                .withTerminationMessagePath(TERMINATION_LOG)
                .withTerminationMessagePolicy("File")
                .addNewVolumeMount().withName(STATE_VOLUME).withMountPath(STATE_PATH).endVolumeMount();
        if (in.pushSecret()) {
            container.addNewVolumeMount().withName(PUSH_VOLUME).withMountPath(DOCKER_CONFIG).withReadOnly(true)
                    .endVolumeMount();
        }
        return container.build();
    }

    /** buildctl's arguments: the Dockerfile frontend on the git context, push, registry cache, metadata. */
    public static List<String> arguments(BuildInput in) {
        List<String> args = new ArrayList<>(List.of("build", "--progress=plain", "--frontend", "dockerfile.v0",
                "--opt", "context=" + in.context(),
                "--opt", "filename=" + in.build().dockerfile()));
        if (in.build().target() != null) {
            args.addAll(List.of("--opt", "target=" + in.build().target()));
        }
        in.build().args().forEach((name, value) -> args.addAll(List.of("--opt", "build-arg:" + name + "=" + value)));
        args.addAll(List.of("--opt", "platform=" + in.build().platform(),
                "--output", "type=image,name=" + in.destination() + ",push=true",
                "--export-cache", "type=registry,ref=" + in.cacheRef() + ",mode=max",
                "--import-cache", "type=registry,ref=" + in.cacheRef()));
        if (in.mountsGitToken()) {
            args.addAll(List.of("--secret", "id=" + GIT_AUTH_TOKEN + ",env=" + GIT_AUTH_TOKEN));
        }
        args.addAll(List.of("--metadata-file", METADATA_FILE));
        return List.copyOf(args);
    }

    /** Sorted by name. */
    static List<EnvVar> env(BuildInput in) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName("BUILDKITD_FLAGS").withValue(BUILDKITD_FLAGS).build());
        if (in.pushSecret()) {
            env.add(new EnvVarBuilder().withName("DOCKER_CONFIG").withValue(DOCKER_CONFIG).build());
        }
        if (in.mountsGitToken()) {
            env.add(new EnvVarBuilder().withName(GIT_AUTH_TOKEN)
                    .withNewValueFrom()
                        .withNewSecretKeyRef().withName(GIT_TOKEN_SECRET).withKey(GIT_TOKEN_KEY).endSecretKeyRef()
                    .endValueFrom()
                    .build());
        }
        return env;
    }

    static ResourceRequirements resources() {
        return new ResourceRequirementsBuilder()
                .withRequests(new TreeMap<>(Map.of("cpu", new Quantity(REQUEST_CPU),
                        "memory", new Quantity(REQUEST_MEMORY))))
                .withLimits(new TreeMap<>(Map.of("cpu", new Quantity(LIMIT_CPU),
                        "memory", new Quantity(LIMIT_MEMORY))))
                .build();
    }

    /**
     * The least rootless BuildKit runs with (BuildKit's examples/kubernetes/job.rootless.yaml, narrowed):
     * user 1000, never privileged, every capability dropped but the two the setuid id mappers use, privilege
     * escalation allowed because they are setuid, seccomp and AppArmor unconfined because RootlessKit
     * creates user and mount namespaces and mounts, which both runtime default profiles refuse.
     */
    public static SecurityContext securityContext() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(BUILDKIT_USER)
                .withRunAsGroup(BUILDKIT_USER)
                .withPrivileged(false)
                .withAllowPrivilegeEscalation(true)
                .withNewCapabilities().withDrop("ALL").withAdd(CAPABILITIES).endCapabilities()
                .withNewSeccompProfile().withType("Unconfined").endSeccompProfile()
                .withNewAppArmorProfile().withType("Unconfined").endAppArmorProfile()
                .build();
    }

    /** The registry push credentials, as they go into the build namespace and nowhere else. */
    public static Secret pushSecret(BuildInput in, String dockerConfigJson) {
        return new SecretBuilder()
                .withMetadata(meta(in, PUSH_SECRET))
                .withType("kubernetes.io/dockerconfigjson")
                .withData(new TreeMap<>(Map.of(".dockerconfigjson", base64(dockerConfigJson))))
                .build();
    }

    /** The git token, as it goes into a non-fork build namespace and nowhere else. */
    public static Secret gitTokenSecret(BuildInput in, String token) {
        if (in.fork()) {
            throw new IllegalArgumentException("a fork's build never gets the base repository's git token");
        }
        return new SecretBuilder()
                .withMetadata(meta(in, GIT_TOKEN_SECRET))
                .withType("Opaque")
                .withData(new TreeMap<>(Map.of(GIT_TOKEN_KEY, base64(token))))
                .build();
    }

    /** The digest a finished build's termination message names, if it names one. */
    public static Optional<String> pushedDigest(String terminationMessage) {
        if (terminationMessage == null) {
            return Optional.empty();
        }
        Matcher digest = DIGEST.matcher(terminationMessage.strip());
        return digest.matches() ? Optional.of(digest.group()) : Optional.empty();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectMeta meta(BuildInput in, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(in.namespace())
                .withLabels(labels(in))
                .withAnnotations(annotations(in))
                .build();
    }
}
