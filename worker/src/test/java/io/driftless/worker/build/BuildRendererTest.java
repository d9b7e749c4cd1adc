package io.driftless.worker.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.driftless.api.naming.Names;
import io.driftless.api.spec.SealPolicy;
import io.driftless.api.spec.StackSpec.BuildSpec;
import io.driftless.worker.render.Labels;
import io.driftless.worker.render.Manifests;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;

class BuildRendererTest {

    static final UUID BUILD = UUID.fromString("0b5c2a4e-7d1f-4c39-9e2a-5f6b7c8d9e0f");
    static final String KEY = "3f9a0c1b2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
    static final String COMMIT = "8d3e6f1a2b4c5d7e9f0a1b2c3d4e5f6a7b8c9d0e";
    static final String BUILDER = "docker.io/moby/buildkit:v0.33.0-rootless@sha256:" + "ab".repeat(32);
    static final String REGISTRY = "ghcr.io/acme/previews";
    static final BuildSpec WEB = new BuildSpec("services/web", "docker/Web.Dockerfile", "runtime",
            new TreeMap<>(Map.of("NODE_ENV", "production", "API_URL", "http://api:8080")), "linux/arm64");
    static final SealPolicy NO_INTERNET = new SealPolicy(SealPolicy.defaults().quota(),
            SealPolicy.defaults().containerDefaults(), false, Map.of("team", "edge"));

    static BuildInput input() {
        return BuildInput.of(BUILD, KEY, "Acme/Shop", "Acme/Shop", COMMIT, "web", WEB, REGISTRY, BUILDER, false,
                1200, NO_INTERNET, true, true);
    }

    static BuildInput fork() {
        return BuildInput.of(BUILD, KEY, "acme/shop", "mallory/shop", COMMIT, "web", WEB, REGISTRY, BUILDER, true,
                1200, NO_INTERNET, true, true);
    }

    static PodSpec pod(BuildInput in) {
        return BuildRenderer.render(in).job().getSpec().getTemplate().getSpec();
    }

    static Container container(BuildInput in) {
        List<Container> containers = pod(in).getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** The value following {@code flag} each time it occurs. */
    static List<String> flag(List<String> args, String flag) {
        List<String> values = new java.util.ArrayList<>();
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals(flag)) {
                values.add(args.get(i + 1));
            }
        }
        return values;
    }

    static List<String> args(BuildInput in) {
        return container(in).getArgs();
    }

    // --- the Job -----------------------------------------------------------------------------------

    @Test
    void theJobRunsThePinnedBuilderImageRootlessAsUser1000WithoutPrivilege() {
        Container c = container(input());
        SecurityContext sc = c.getSecurityContext();
        PodSpec pod = pod(input());

        assertThat(c.getName()).isEqualTo("buildkit");
        assertThat(c.getImage()).isEqualTo(BUILDER);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(sc.getRunAsNonRoot()).isTrue();
        assertThat(sc.getRunAsUser()).isEqualTo(1000L);
        assertThat(sc.getRunAsGroup()).isEqualTo(1000L);
        assertThat(sc.getPrivileged()).isFalse();
        assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).containsExactly("SETGID", "SETUID");
        // what RootlessKit needs and nothing stricter allows (ADR 0008)
        assertThat(sc.getAllowPrivilegeEscalation()).isTrue();
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("Unconfined");
        assertThat(sc.getAppArmorProfile().getType()).isEqualTo("Unconfined");
        assertThat(c.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("BUILDKITD_FLAGS", "--oci-worker-no-process-sandbox"));
    }

    @Test
    void theBuildRunsOnceWithinItsTimeoutAsTheNamespacesTokenlessAccount() {
        Job job = BuildRenderer.render(input()).job();
        PodSpec pod = job.getSpec().getTemplate().getSpec();

        assertThat(job.getMetadata().getName()).isEqualTo("build");
        assertThat(job.getMetadata().getNamespace()).isEqualTo(input().namespace());
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(1200L);
        assertThat(job.getSpec().getTtlSecondsAfterFinished()).isNull();
        assertThat(job.getSpec().getSelector()).isNull();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getServiceAccountName()).isEqualTo(BuildRenderer.SERVICE_ACCOUNT);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getEnableServiceLinks()).isFalse();
    }

    @Test
    void theJobAndItsPodAreLabelledWithTheBuildItsKeyRepositoryAndService() {
        Job job = BuildRenderer.render(input()).job();

        for (Map<String, String> labels : List.of(job.getMetadata().getLabels(),
                job.getSpec().getTemplate().getMetadata().getLabels())) {
            assertThat(labels)
                    .containsEntry(Labels.MANAGED_BY, "driftless")
                    .containsEntry(Labels.BUILD, BUILD.toString())
                    .containsEntry(Labels.CACHE_KEY, KEY.substring(0, 63))
                    .containsEntry(Labels.REPOSITORY, "Acme.Shop")
                    .containsEntry(Labels.SERVICE, "web");
            assertThat(labels.values()).allMatch(v -> v.length() <= Names.MAX_LABEL);
        }
        assertThat(job.getMetadata().getAnnotations()).containsEntry(Labels.CACHE_KEY, KEY)
                .containsEntry(Labels.COMMIT_ANNOTATION, COMMIT);
    }

    @Test
    void itBuildsTheDockerfileFrontendOnTheGitContextAtTheCommit() {
        List<String> args = args(input());

        assertThat(container(input()).getCommand()).startsWith("/bin/sh", "-c").endsWith("buildctl-daemonless.sh");
        assertThat(args.get(0)).isEqualTo("build");
        assertThat(flag(args, "--frontend")).containsExactly("dockerfile.v0");
        assertThat(flag(args, "--opt")).contains(
                "context=https://github.com/Acme/Shop.git#" + COMMIT + ":services/web",
                "filename=docker/Web.Dockerfile");
    }

    @Test
    void targetSortedBuildArgsAndPlatformArePassed() {
        List<String> opts = flag(args(input()), "--opt");

        assertThat(opts).contains("target=runtime", "platform=linux/arm64");
        assertThat(opts).filteredOn(o -> o.startsWith("build-arg:"))
                .containsExactly("build-arg:API_URL=http://api:8080", "build-arg:NODE_ENV=production");
    }

    @Test
    void withoutTargetOrArgsNeitherIsPassedAndTheDefaultsAre() {
        BuildInput in = BuildInput.of(BUILD, KEY, "acme/shop", "acme/shop", COMMIT, "web",
                new BuildSpec(null, null, null, null, null), REGISTRY, BUILDER, false, 60, NO_INTERNET, true, false);
        List<String> opts = flag(args(in), "--opt");

        assertThat(opts).containsExactly("context=https://github.com/acme/shop.git#" + COMMIT + ":.",
                "filename=Dockerfile", "platform=linux/amd64");
    }

    @Test
    void itPushesTheKeyedImageAndImportsAndExportsTheRegistryCacheInMaxMode() {
        List<String> args = args(input());

        assertThat(flag(args, "--output"))
                .containsExactly("type=image,name=ghcr.io/acme/previews/acme/shop/web:key-" + KEY + ",push=true");
        assertThat(flag(args, "--export-cache"))
                .containsExactly("type=registry,ref=ghcr.io/acme/previews/acme/shop/web:buildcache,mode=max");
        assertThat(flag(args, "--import-cache"))
                .containsExactly("type=registry,ref=ghcr.io/acme/previews/acme/shop/web:buildcache");
    }

    @Test
    void thePushedDigestIsCopiedFromTheMetadataFileToTheTerminationMessage() {
        Container c = container(input());
        String script = c.getCommand().get(2);

        assertThat(flag(c.getArgs(), "--metadata-file")).containsExactly(BuildRenderer.METADATA_FILE);
        assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
        assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
        assertThat(script).contains("\"$0\" \"$@\"", "containerimage.digest", BuildRenderer.METADATA_FILE + " > "
                + "/dev/termination-log", "test -s /dev/termination-log").startsWith("set -eu");
    }

    @Test
    void thePushedDigestIsReadBackFromTheTerminationMessageAndNothingElseIs() {
        String digest = "sha256:" + "0123456789abcdef".repeat(4);

        assertThat(BuildRenderer.pushedDigest(digest + "\n")).contains(digest);
        assertThat(BuildRenderer.pushedDigest("")).isEmpty();
        assertThat(BuildRenderer.pushedDigest(null)).isEmpty();
        assertThat(BuildRenderer.pushedDigest("error: " + digest)).isEmpty();
    }

    @Test
    void buildkitKeepsItsStateInAnEmptyDir() {
        Container c = container(input());
        var mount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(BuildRenderer.STATE_PATH))
                .findFirst().orElseThrow();

        assertThat(BuildRenderer.STATE_PATH).isEqualTo("/home/user/.local/share/buildkit");
        assertThat(pod(input()).getVolumes()).filteredOn(v -> v.getName().equals(mount.getName()))
                .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    }

    @Test
    void pushCredentialsAreMountedReadOnlyAsDockerConfigWhenTheyExist() {
        Container c = container(input());
        var mount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/home/user/.docker"))
                .findFirst().orElseThrow();

        assertThat(mount.getReadOnly()).isTrue();
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("DOCKER_CONFIG")).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("/home/user/.docker"));
        assertThat(pod(input()).getVolumes()).filteredOn(v -> v.getName().equals(mount.getName())).singleElement()
                .satisfies(v -> {
                    assertThat(v.getSecret().getSecretName()).isEqualTo("registry-push");
                    assertThat(v.getSecret().getItems()).singleElement().satisfies(i -> {
                        assertThat(i.getKey()).isEqualTo(".dockerconfigjson");
                        assertThat(i.getPath()).isEqualTo("config.json");
                    });
                });

        BuildInput without = BuildInput.of(BUILD, KEY, "acme/shop", "acme/shop", COMMIT, "web", WEB, REGISTRY,
                BUILDER, false, 60, NO_INTERNET, false, false);
        assertThat(container(without).getVolumeMounts()).hasSize(1);
        assertThat(container(without).getEnv()).extracting(EnvVar::getName).containsExactly("BUILDKITD_FLAGS");
    }

    @Test
    void theGitTokenIsBuildKitsGitAuthSecretFromTheGitTokenSecret() {
        Container c = container(input());

        assertThat(flag(c.getArgs(), "--secret")).containsExactly("id=GIT_AUTH_TOKEN,env=GIT_AUTH_TOKEN");
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals("GIT_AUTH_TOKEN")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getValue()).isNull();
                    assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("git-token");
                    assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
                });
        assertThat(c.getEnv()).extracting(EnvVar::getName).isSorted();
    }

    @Test
    void theBuildHasResourceRequestsAndLimits() {
        var resources = container(input()).getResources();

        assertThat(resources.getRequests()).containsOnlyKeys("cpu", "memory");
        assertThat(resources.getLimits()).containsOnlyKeys("cpu", "memory");
    }

    // --- forks -------------------------------------------------------------------------------------

    @Test
    void aForksBuildNeverGetsTheGitTokenEvenWhenOneExists() {
        Container c = container(fork());

        assertThat(flag(c.getArgs(), "--secret")).isEmpty();
        assertThat(c.getEnv()).extracting(EnvVar::getName).doesNotContain("GIT_AUTH_TOKEN");
        assertThat(Manifests.yaml(BuildRenderer.render(fork()).all())).doesNotContain("git-token");
        assertThatThrownBy(() -> BuildRenderer.gitTokenSecret(fork(), "ghp_x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aForkClonesItsOwnRepositoryAndPushesAndCachesOnlyUnderForks() {
        BuildInput fork = fork();
        List<String> args = args(fork);

        assertThat(fork.gitUrl()).isEqualTo("https://github.com/mallory/shop.git");
        assertThat(fork.destination()).isEqualTo("ghcr.io/acme/previews/forks/mallory/shop/web:key-" + KEY);
        assertThat(fork.cacheRef()).isEqualTo("ghcr.io/acme/previews/forks/mallory/shop/web:buildcache");
        assertThat(flag(args, "--output")).singleElement().asString().contains("/forks/mallory/shop/web:key-");
        assertThat(flag(args, "--export-cache")).singleElement().asString().contains("/forks/mallory/shop/web:");
        assertThat(flag(args, "--import-cache")).singleElement().asString().contains("/forks/mallory/shop/web:");
        assertThat(String.join(" ", args)).doesNotContain(input().cacheRef());
    }

    // --- the build namespace -----------------------------------------------------------------------

    @Test
    void theBuildNamespaceIsMarkedAsOneAndEnforcesPrivilegedWhileReportingBaseline() {
        Namespace ns = (Namespace) BuildRenderer.render(input()).namespace().get(0);

        assertThat(ns.getMetadata().getName()).isEqualTo(input().namespace());
        assertThat(ns.getMetadata().getLabels())
                .containsEntry(Labels.ROLE, "build")
                .containsEntry(Labels.MANAGED_BY, "driftless")
                .containsEntry(Labels.BUILD, BUILD.toString())
                .containsEntry("pod-security.kubernetes.io/enforce", "privileged")
                .containsEntry("pod-security.kubernetes.io/audit", "baseline")
                .containsEntry("pod-security.kubernetes.io/warn", "baseline");
    }

    @Test
    void everyObjectOfTheBuildIsInItsNamespaceAndLabelledAsTheBuilds() {
        RenderedBuild rendered = BuildRenderer.render(input());

        assertThat(rendered.namespace().get(0)).isInstanceOf(Namespace.class);
        assertThat(rendered.all().subList(1, rendered.all().size())).allSatisfy(o -> {
            assertThat(o.getMetadata().getNamespace()).isEqualTo(input().namespace());
            assertThat(o.getMetadata().getLabels()).containsEntry(Labels.BUILD, BUILD.toString());
        });
        assertThat(rendered.all()).last().isInstanceOf(Job.class);
    }

    @Test
    void theBuildNamespaceIsSealedWithATokenlessAccountAQuotaForOnePodAndDefaults() {
        List<HasMetadata> objects = BuildRenderer.render(input()).namespace();

        assertThat(objects).filteredOn(ServiceAccount.class::isInstance).singleElement()
                .satisfies(o -> assertThat(((ServiceAccount) o).getAutomountServiceAccountToken()).isFalse());
        ResourceQuota quota = (ResourceQuota) objects.stream().filter(ResourceQuota.class::isInstance).findFirst()
                .orElseThrow();
        assertThat(quota.getSpec().getHard()).containsEntry("pods", new io.fabric8.kubernetes.api.model.Quantity("1"))
                .containsEntry("services", new io.fabric8.kubernetes.api.model.Quantity("0"))
                .containsEntry("limits.memory", new io.fabric8.kubernetes.api.model.Quantity(BuildRenderer.LIMIT_MEMORY));
        assertThat(objects).anyMatch(o -> o.getKind().equals("LimitRange"));
    }

    @Test
    void theBuildNamespaceDeniesEverythingButDnsAndTheInternetWhateverTheSealSays() {
        List<NetworkPolicy> policies = BuildRenderer.render(input()).namespace().stream()
                .filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast).toList();

        assertThat(policies).extracting(p -> p.getMetadata().getName())
                .containsExactly("default-deny", "allow-dns", "allow-internet-egress");
        NetworkPolicy deny = policies.get(0);
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        assertThat(policies).allSatisfy(p -> assertThat(p.getSpec().getIngress()).isNullOrEmpty());
        var internet = policies.get(2).getSpec().getEgress().get(0).getTo().get(0).getIpBlock();
        assertThat(internet.getCidr()).isEqualTo("0.0.0.0/0");
        assertThat(internet.getExcept()).contains("10.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16");
    }

    // --- secrets -----------------------------------------------------------------------------------

    @Test
    void theSecretsRenderIntoTheBuildNamespaceOnly() {
        Secret push = BuildRenderer.pushSecret(input(), "{\"auths\":{}}");
        Secret token = BuildRenderer.gitTokenSecret(input(), "ghp_abc");

        assertThat(push.getMetadata().getNamespace()).isEqualTo(input().namespace()).startsWith("b-");
        assertThat(push.getMetadata().getName()).isEqualTo("registry-push");
        assertThat(push.getType()).isEqualTo("kubernetes.io/dockerconfigjson");
        assertThat(new String(Base64.getDecoder().decode(push.getData().get(".dockerconfigjson")),
                StandardCharsets.UTF_8)).isEqualTo("{\"auths\":{}}");
        assertThat(token.getMetadata().getNamespace()).isEqualTo(input().namespace());
        assertThat(token.getMetadata().getName()).isEqualTo("git-token");
        assertThat(token.getType()).isEqualTo("Opaque");
        assertThat(new String(Base64.getDecoder().decode(token.getData().get("token")), StandardCharsets.UTF_8))
                .isEqualTo("ghp_abc");
        assertThat(Manifests.yaml(BuildRenderer.render(input()).all())).doesNotContain("ghp_abc")
                .doesNotContain("kind: Secret");
    }

    // --- stability and names -----------------------------------------------------------------------

    @Test
    void equalInputsGiveByteIdenticalYaml() {
        assertThat(Manifests.yaml(BuildRenderer.render(input()).all()))
                .isEqualTo(Manifests.yaml(BuildRenderer.render(input()).all()));
        assertThat(Manifests.yaml(BuildRenderer.render(input()).all()))
                .isNotEqualTo(Manifests.yaml(BuildRenderer.render(fork()).all()));
    }

    @Test
    void theNamespaceNameIsTheKeysHeadAndTheServiceAsADnsLabel() {
        assertThat(BuildInput.namespaceName(KEY, "web")).isEqualTo("b-3f9a0c1b2d4e-web");
        assertThat(input().namespace()).isEqualTo("b-3f9a0c1b2d4e-web");

        String longest = "s".repeat(63);
        String name = BuildInput.namespaceName(KEY, longest);
        assertThat(name).hasSizeLessThanOrEqualTo(63).startsWith("b-3f9a0c1b2d4e-s");
        assertThat(Names.isDns1123Label(name)).isTrue();
        String dashed = BuildInput.namespaceName(KEY, "a".repeat(36) + "-" + "b".repeat(26));
        assertThat(Names.isDns1123Label(dashed)).as(dashed).isTrue();
        assertThat(name).isNotEqualTo(BuildInput.namespaceName(KEY, "s".repeat(62) + "t"));
    }

    @Test
    void anInputWithABadKeyOrNamespaceIsRefused() {
        assertThatThrownBy(() -> BuildInput.of(BUILD, "abc", "acme/shop", "acme/shop", COMMIT, "web", WEB, REGISTRY,
                BUILDER, false, 60, NO_INTERNET, true, true)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BuildInput(BUILD, KEY, "acme/shop", "acme/shop", COMMIT, "web", WEB, "u", "d",
                "c", BUILDER, false, 60, "Not_A_Label", NO_INTERNET, true, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
