package io.driftless.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lints the driftless chart and templates it through helm-java (the native Helm library, no helm binary),
 * then checks the rendered objects as typed fabric8 models.
 */
class DriftlessChartTest {

    private static final Path CHART = Paths.get(System.getProperty("basedir", ".")).resolve("driftless")
            .toAbsolutePath().normalize();
    private static final String RELEASE = "dl";
    private static final String NAMESPACE = "driftless-system";
    private static final String FULLNAME = "dl-driftless";
    private static final String WORKER = "dl-driftless-worker";
    private static final String DB_URL = "jdbc:postgresql://postgres.db:5432/driftless";
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @TempDir
    Path tmp;

    // --- lint ---------------------------------------------------------------------------------------

    @Test
    void lintPassesInStrictMode() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    // --- the two Deployments ---------------------------------------------------------------------------

    @Test
    void oneImageRunsAsApiWebDeploymentAndWorkerDeploymentChosenByDriftlessRoles() {
        List<HasMetadata> objects = render(t -> t);

        Deployment api = find(objects, Deployment.class, FULLNAME);
        Deployment worker = find(objects, Deployment.class, WORKER);
        Container apiContainer = container(api);
        Container workerContainer = container(worker);

        assertThat(env(apiContainer, "DRIFTLESS_ROLES")).isEqualTo("api,web");
        assertThat(env(workerContainer, "DRIFTLESS_ROLES")).isEqualTo("worker");
        assertThat(apiContainer.getImage()).isEqualTo(workerContainer.getImage())
                .isEqualTo("ghcr.io/driftless/driftless:0.1.0");
        assertThat(objects).filteredOn(o -> o instanceof Deployment).hasSize(2);

        assertThat(api.getSpec().getReplicas()).isEqualTo(2);
        assertThat(worker.getSpec().getReplicas()).isEqualTo(1);
        assertThat(api.getSpec().getSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/name", "driftless")
                .containsEntry("app.kubernetes.io/instance", RELEASE)
                .containsEntry("app.kubernetes.io/component", "api");
        assertThat(worker.getSpec().getSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/component", "worker");
        assertThat(api.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/managed-by", "Helm")
                .containsEntry("app.kubernetes.io/version", "0.1.0")
                .containsKey("helm.sh/chart");
    }

    @Test
    void replicasAndResourcesComeFromValues() {
        List<HasMetadata> objects = render(t -> t.set("api.replicaCount", 3).set("worker.replicaCount", 2)
                .set("api.resources.limits.memory", "1Gi").set("worker.resources.requests.cpu", "250m"));

        Deployment api = find(objects, Deployment.class, FULLNAME);
        Deployment worker = find(objects, Deployment.class, WORKER);
        assertThat(api.getSpec().getReplicas()).isEqualTo(3);
        assertThat(worker.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container(api).getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
        assertThat(container(worker).getResources().getRequests().get("cpu").toString()).isEqualTo("250m");
    }

    @Test
    void bothDeploymentsServeHealthOnPort8080AndProbeQuarkusReadyAndLive() {
        List<HasMetadata> objects = render(t -> t);

        for (String name : List.of(FULLNAME, WORKER)) {
            Container c = container(find(objects, Deployment.class, name));
            assertThat(c.getPorts()).singleElement().satisfies(p -> {
                assertThat(p.getName()).isEqualTo("http");
                assertThat(p.getContainerPort()).isEqualTo(8080);
            });
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).as(name).isEqualTo("/q/health/ready");
            assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(name).isEqualTo("/q/health/live");
            assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }
    }

    @Test
    void bothDeploymentsRunNonRootReadOnlyWithoutCapabilitiesAndWithWritableTmp() {
        // even when the user's podSecurityContext tries to turn runAsNonRoot off
        List<HasMetadata> objects = render(t -> t.set("podSecurityContext.runAsNonRoot", false));

        for (String name : List.of(FULLNAME, WORKER)) {
            PodSpec pod = find(objects, Deployment.class, name).getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L);
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

            Container c = pod.getContainers().get(0);
            SecurityContext sc = c.getSecurityContext();
            assertThat(sc.getRunAsNonRoot()).as(name).isTrue();
            assertThat(sc.getReadOnlyRootFilesystem()).as(name).isTrue();
            assertThat(sc.getAllowPrivilegeEscalation()).as(name).isFalse();
            assertThat(sc.getCapabilities().getDrop()).as(name).containsExactly("ALL");
            assertThat(sc.getCapabilities().getAdd()).as(name).isNullOrEmpty();
            assertThat(sc.getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");

            VolumeMount tmpMount = c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                    .findFirst().orElseThrow();
            Volume tmpVolume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmpMount.getName()))
                    .findFirst().orElseThrow();
            assertThat(tmpVolume.getEmptyDir()).as(name).isNotNull();
        }
    }

    // --- environment -------------------------------------------------------------------------------

    @Test
    void bothDeploymentsGetDatabaseBaseDomainInClusterModeAndExtraEnv() throws IOException {
        Path values = tmp.resolve("values.yaml");
        Files.writeString(values, """
                baseDomain: previews.acme.test
                database:
                  username: dl_user
                  existingSecret: dl-db
                extraEnv:
                  - name: DRIFTLESS_URLS_SCHEME
                    value: https
                """);
        List<HasMetadata> objects = render(t -> t.withValuesFile(values));

        for (String name : List.of(FULLNAME, WORKER)) {
            Container c = container(find(objects, Deployment.class, name));
            assertThat(env(c, "QUARKUS_DATASOURCE_JDBC_URL")).as(name).isEqualTo(DB_URL);
            assertThat(env(c, "QUARKUS_DATASOURCE_USERNAME")).as(name).isEqualTo("dl_user");
            EnvVar password = envVar(c, "QUARKUS_DATASOURCE_PASSWORD").orElseThrow();
            assertThat(password.getValue()).as("password never inline").isNull();
            assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("dl-db");
            assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
            assertThat(env(c, "DRIFTLESS_URLS_BASE_DOMAIN")).as(name).isEqualTo("previews.acme.test");
            assertThat(env(c, "DRIFTLESS_CLUSTER")).as(name).isEqualTo("in-cluster");
            assertThat(env(c, "DRIFTLESS_URLS_SCHEME")).as(name).isEqualTo("https");
        }
    }

    @Test
    void passwordKeyIsConfigurableAndBaseDomainHasADefault() {
        List<HasMetadata> objects = render(t -> t.set("database.existingSecret", "pg")
                .set("database.passwordKey", "db-password"));

        Container c = container(find(objects, Deployment.class, FULLNAME));
        assertThat(envVar(c, "QUARKUS_DATASOURCE_PASSWORD").orElseThrow().getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo("db-password");
        assertThat(env(c, "DRIFTLESS_URLS_BASE_DOMAIN")).isEqualTo("preview.example.com");
    }

    @Test
    void secretsComeFromOneExistingSecretAsOptionalKeysInBothDeployments() {
        List<HasMetadata> objects = render(t -> t.set("secrets.existingSecret", "driftless-secrets")
                .set("secrets.githubTokenKey", "gh").set("publicUrl", "https://driftless.acme.test"));

        for (String name : List.of(FULLNAME, WORKER)) {
            Container c = container(find(objects, Deployment.class, name));
            for (String variable : List.of("DRIFTLESS_ADMIN_TOKEN", "DRIFTLESS_AUTH_ADMIN_PASSWORD",
                    "DRIFTLESS_GITHUB_WEBHOOK_SECRET", "DRIFTLESS_GITHUB_TOKEN", "QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY",
                    "DRIFTLESS_SECRETS_KEY")) {
                var ref = envVar(c, variable).orElseThrow().getValueFrom().getSecretKeyRef();
                assertThat(ref.getName()).isEqualTo("driftless-secrets");
                assertThat(ref.getOptional()).isTrue();
            }
            assertThat(envVar(c, "DRIFTLESS_GITHUB_TOKEN").orElseThrow().getValueFrom().getSecretKeyRef().getKey())
                    .isEqualTo("gh");
            assertThat(envVar(c, "DRIFTLESS_SECRETS_KEY").orElseThrow().getValueFrom().getSecretKeyRef().getKey())
                    .isEqualTo("secrets-key");
            assertThat(env(c, "DRIFTLESS_PUBLIC_URL")).isEqualTo("https://driftless.acme.test");
        }
        Container plain = container(find(render(t -> t), Deployment.class, FULLNAME));
        assertThat(envVar(plain, "DRIFTLESS_ADMIN_TOKEN")).isEmpty();
    }

    @Test
    void signInWithGitHubTakesTheLoginModeAndTheOAuthAppFromTheSecret() {
        List<HasMetadata> objects = render(t -> t.set("uiLogin", "github")
                .set("secrets.existingSecret", "driftless-secrets"));

        Container api = container(find(objects, Deployment.class, FULLNAME));
        assertThat(env(api, "DRIFTLESS_AUTH_UI_LOGIN")).isEqualTo("github");
        assertThat(envVar(api, "DRIFTLESS_AUTH_GITHUB_CLIENT_ID").orElseThrow().getValueFrom().getSecretKeyRef()
                .getKey()).isEqualTo("github-oauth-client-id");
        assertThat(envVar(api, "DRIFTLESS_AUTH_GITHUB_CLIENT_SECRET").orElseThrow().getValueFrom()
                .getSecretKeyRef().getKey()).isEqualTo("github-oauth-client-secret");
        assertThat(envVar(container(find(render(t -> t), Deployment.class, FULLNAME)), "DRIFTLESS_AUTH_UI_LOGIN"))
                .as("unset: Driftless's own default").isEmpty();
        assertThatThrownBy(() -> render(t -> t.set("uiLogin", "facebook"))).hasMessageContaining("uiLogin");
    }

    @Test
    void theWorkerAloneGetsTheBuildSettingsWithAPinnedRootlessBuilderByDefault() {
        List<HasMetadata> objects = render(t -> t);

        Container worker = container(find(objects, Deployment.class, WORKER));
        assertThat(env(worker, "DRIFTLESS_BUILD_BUILDER_IMAGE"))
                .matches("docker\\.io/moby/buildkit:v[0-9.]+-rootless@sha256:[0-9a-f]{64}");
        assertThat(env(worker, "DRIFTLESS_BUILD_TIMEOUT")).isEqualTo("20m");
        assertThat(env(worker, "DRIFTLESS_BUILD_CONCURRENCY")).isEqualTo("4");
        assertThat(envVar(worker, "DRIFTLESS_BUILD_REGISTRY")).as("builds are off without a registry").isEmpty();
        assertThat(envVar(worker, "DRIFTLESS_BUILD_PUSH_CONFIG")).isEmpty();
        assertThat(envVar(worker, "DRIFTLESS_BUILD_GIT_TOKEN")).isEmpty();

        Container api = container(find(objects, Deployment.class, FULLNAME));
        assertThat(api.getEnv()).noneMatch(e -> e.getName().startsWith("DRIFTLESS_BUILD_"));
    }

    @Test
    void buildRegistryTimeoutAndSecretsComeFromValues() {
        List<HasMetadata> objects = render(t -> t.set("build.registry", "ghcr.io/acme/previews")
                .set("build.builderImage", "registry.acme.test/buildkit:rootless@" + DIGEST)
                .set("build.timeout", "45m")
                .set("build.existingSecret", "driftless-build").set("build.gitTokenKey", "gh-read"));

        Container worker = container(find(objects, Deployment.class, WORKER));
        assertThat(env(worker, "DRIFTLESS_BUILD_REGISTRY")).isEqualTo("ghcr.io/acme/previews");
        assertThat(env(worker, "DRIFTLESS_BUILD_BUILDER_IMAGE")).isEqualTo("registry.acme.test/buildkit:rootless@" + DIGEST);
        assertThat(env(worker, "DRIFTLESS_BUILD_TIMEOUT")).isEqualTo("45m");
        for (String variable : List.of("DRIFTLESS_BUILD_PUSH_CONFIG", "DRIFTLESS_BUILD_GIT_TOKEN")) {
            EnvVar secret = envVar(worker, variable).orElseThrow();
            assertThat(secret.getValue()).as("%s never inline", variable).isNull();
            assertThat(secret.getValueFrom().getSecretKeyRef().getName()).isEqualTo("driftless-build");
            assertThat(secret.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
        }
        assertThat(envVar(worker, "DRIFTLESS_BUILD_PUSH_CONFIG").orElseThrow().getValueFrom().getSecretKeyRef()
                .getKey()).isEqualTo("registry-push-config");
        assertThat(envVar(worker, "DRIFTLESS_BUILD_GIT_TOKEN").orElseThrow().getValueFrom().getSecretKeyRef()
                .getKey()).isEqualTo("gh-read");
        Container api = container(find(objects, Deployment.class, FULLNAME));
        assertThat(api.getEnv()).noneMatch(e -> e.getName().startsWith("DRIFTLESS_BUILD_"));
    }

    @Test
    void templatingWithoutDatabaseUrlFailsWithAClearMessage() {
        TemplateCommand withoutUrl = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);

        assertThatThrownBy(withoutUrl::call)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("database.url is required");
    }

    // --- image -------------------------------------------------------------------------------------

    @Test
    void digestPinsTheImageAsRepositoryAtDigestAndOverridesTheTag() {
        List<HasMetadata> objects = render(t -> t.set("image.repository", "registry.acme.test/driftless")
                .set("image.tag", "9.9.9").set("image.digest", DIGEST).set("image.pullPolicy", "Always"));

        for (String name : List.of(FULLNAME, WORKER)) {
            Container c = container(find(objects, Deployment.class, name));
            assertThat(c.getImage()).as(name).isEqualTo("registry.acme.test/driftless@" + DIGEST);
            assertThat(c.getImagePullPolicy()).isEqualTo("Always");
        }
    }

    @Test
    void tagOverridesTheAppVersionWhenNoDigestIsGiven() {
        List<HasMetadata> objects = render(t -> t.set("image.tag", "1.2.3"));

        assertThat(container(find(objects, Deployment.class, WORKER)).getImage())
                .isEqualTo("ghcr.io/driftless/driftless:1.2.3");
    }

    // --- Service, ServiceAccounts --------------------------------------------------------------------

    @Test
    void serviceExposesPort80ToHttpOfTheApiPodsOnly() {
        List<HasMetadata> objects = render(t -> t);

        Service service = find(objects, Service.class, FULLNAME);
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
        });
        Map<String, String> selector = service.getSpec().getSelector();
        Map<String, String> apiPodLabels = find(objects, Deployment.class, FULLNAME).getSpec().getTemplate()
                .getMetadata().getLabels();
        Map<String, String> workerPodLabels = find(objects, Deployment.class, WORKER).getSpec().getTemplate()
                .getMetadata().getLabels();
        assertThat(apiPodLabels).containsAllEntriesOf(selector);
        assertThat(workerPodLabels.entrySet().containsAll(selector.entrySet())).as("selector matches worker pods").isFalse();
        assertThat(objects).filteredOn(o -> o instanceof Service).hasSize(1);
    }

    @Test
    void apiServiceAccountMountsNoTokenAndOnlyTheWorkerGetsOne() {
        List<HasMetadata> objects = render(t -> t);

        ServiceAccount apiAccount = find(objects, ServiceAccount.class, FULLNAME);
        ServiceAccount workerAccount = find(objects, ServiceAccount.class, WORKER);
        assertThat(apiAccount.getAutomountServiceAccountToken()).isFalse();
        assertThat(workerAccount.getAutomountServiceAccountToken()).isTrue();

        PodSpec apiPod = find(objects, Deployment.class, FULLNAME).getSpec().getTemplate().getSpec();
        PodSpec workerPod = find(objects, Deployment.class, WORKER).getSpec().getTemplate().getSpec();
        assertThat(apiPod.getServiceAccountName()).isEqualTo(FULLNAME);
        assertThat(apiPod.getAutomountServiceAccountToken()).isFalse();
        assertThat(workerPod.getServiceAccountName()).isEqualTo(WORKER);
        assertThat(workerPod.getAutomountServiceAccountToken()).isNotEqualTo(Boolean.FALSE);
    }

    @Test
    void theWorkerPointsProtectedPreviewsAtTheChartsOwnServiceInCluster() {
        List<HasMetadata> objects = render(t -> t.set("service.port", 8080));

        Container worker = container(find(objects, Deployment.class, WORKER));
        Service service = find(objects, Service.class, FULLNAME);
        assertThat(env(worker, "DRIFTLESS_WORKER_EDGE_SERVICE_HOST"))
                .isEqualTo(service.getMetadata().getName() + "." + NAMESPACE + ".svc.cluster.local");
        assertThat(env(worker, "DRIFTLESS_WORKER_EDGE_SERVICE_PORT"))
                .isEqualTo(String.valueOf(service.getSpec().getPorts().get(0).getPort())).isEqualTo("8080");
    }

    // --- RBAC --------------------------------------------------------------------------------------

    @Test
    void workerClusterRoleGrantsOnlyWhatTheWorkerDoesWithNoWildcardsAndSecretsOnlyCreated() {
        List<HasMetadata> objects = render(t -> t);

        ClusterRole role = find(objects, ClusterRole.class, WORKER);
        List<PolicyRule> rules = role.getRules();
        assertThat(rules).allSatisfy(r -> {
            assertThat(r.getVerbs()).doesNotContain("*");
            assertThat(r.getResources()).doesNotContain("*");
            if (r.getResources().contains("secrets")) {
                // a trusted stack revision's repository secrets (ADR 0007): put in place, never read back
                assertThat(r.getResources()).containsExactly("secrets");
                assertThat(r.getVerbs()).containsExactly("create");
            }
            assertThat(r.getApiGroups()).doesNotContain("*");
            assertThat(r.getNonResourceURLs()).isNullOrEmpty();
            assertThat(r.getResourceNames()).isNullOrEmpty();
        });

        Map<String, Set<String>> granted = new java.util.TreeMap<>();
        for (PolicyRule r : rules) {
            for (String group : r.getApiGroups()) {
                for (String resource : r.getResources()) {
                    granted.computeIfAbsent(group + "/" + resource, k -> new java.util.TreeSet<>())
                            .addAll(r.getVerbs());
                }
            }
        }
        Set<String> read = Set.of("get", "list", "watch");
        Set<String> lifecycle = union(read, "create", "update", "delete");
        assertThat(granted).containsOnlyKeys("/namespaces", "/serviceaccounts", "/resourcequotas", "/limitranges",
                "/services", "/configmaps", "apps/deployments", "networking.k8s.io/ingresses",
                "networking.k8s.io/networkpolicies", "/persistentvolumeclaims", "batch/jobs", "/pods", "/pods/log",
                "/secrets", "networking.k8s.io/ingressclasses", "authorization.k8s.io/selfsubjectaccessreviews");
        for (String resource : List.of("/namespaces", "/serviceaccounts", "/resourcequotas", "/limitranges",
                "networking.k8s.io/ingresses", "networking.k8s.io/networkpolicies")) {
            assertThat(granted.get(resource)).as(resource).isEqualTo(lifecycle);
        }
        assertThat(granted.get("apps/deployments")).as("a sleeping revision's replicas are a patch")
                .isEqualTo(union(lifecycle, "patch"));
        assertThat(granted.get("/services")).as("alias moves are a patch").isEqualTo(union(lifecycle, "patch"));
        assertThat(granted.get("/configmaps")).as("unmanaged ones are only removed")
                .isEqualTo(Set.of("list", "watch", "delete"));
        assertThat(granted.get("/persistentvolumeclaims")).as("a stack's volumes: made, listed at resync")
                .isEqualTo(Set.of("list", "create"));
        assertThat(granted.get("batch/jobs")).as("hooks: made, watched to completion, a failed one run again")
                .isEqualTo(union(read, "create", "delete"));
        assertThat(granted.get("/pods")).as("a failed hook's pod is found; reading its log may wait for it")
                .isEqualTo(Set.of("list", "watch"));
        assertThat(granted.get("/pods/log")).as("and its last lines read").isEqualTo(Set.of("get"));
        assertThat(granted.get("/secrets")).isEqualTo(Set.of("create"));
        assertThat(granted.get("networking.k8s.io/ingressclasses")).as("the preflight finds the previews' class")
                .isEqualTo(Set.of("list"));
        assertThat(granted.get("authorization.k8s.io/selfsubjectaccessreviews"))
                .as("the preflight asks for each permission").isEqualTo(Set.of("create"));
        assertThat(granted.values()).noneMatch(verbs -> verbs.contains("escalate")
                || verbs.contains("bind") || verbs.contains("impersonate"));
    }

    @Test
    void clusterRoleIsBoundOnlyToTheWorkerServiceAccount() {
        List<HasMetadata> objects = render(t -> t);

        List<ClusterRoleBinding> bindings = all(objects, ClusterRoleBinding.class);
        assertThat(bindings).singleElement().satisfies(b -> {
            assertThat(b.getRoleRef().getKind()).isEqualTo("ClusterRole");
            assertThat(b.getRoleRef().getName()).isEqualTo(WORKER);
            assertThat(b.getSubjects()).singleElement().satisfies(s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName()).isEqualTo(WORKER);
                assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
            });
        });
        assertThat(objects).noneMatch(o -> o.getKind().equals("RoleBinding") || o.getKind().equals("Role"));
    }

    @Test
    void rbacCreateFalseRendersNoClusterRoleOrBinding() {
        List<HasMetadata> objects = render(t -> t.set("rbac.create", false));

        assertThat(all(objects, ClusterRole.class)).isEmpty();
        assertThat(all(objects, ClusterRoleBinding.class)).isEmpty();
        assertThat(all(objects, Deployment.class)).hasSize(2);
    }

    // --- Ingress -----------------------------------------------------------------------------------

    @Test
    void ingressIsOffByDefault() {
        assertThat(all(render(t -> t), Ingress.class)).isEmpty();
    }

    @Test
    void enabledIngressRoutesTheHostToTheServiceWithClassAndTls() throws IOException {
        Path values = tmp.resolve("ingress.yaml");
        Files.writeString(values, """
                ingress:
                  enabled: true
                  className: nginx
                  host: driftless.acme.test
                  tls:
                    - secretName: driftless-tls
                      hosts: [driftless.acme.test]
                """);
        List<HasMetadata> objects = render(t -> t.withValuesFile(values));

        Ingress ingress = find(objects, Ingress.class, FULLNAME);
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
            assertThat(tls.getSecretName()).isEqualTo("driftless-tls");
            assertThat(tls.getHosts()).containsExactly("driftless.acme.test");
        });
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getHost()).isEqualTo("driftless.acme.test");
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo("/");
                assertThat(path.getBackend().getService().getName()).isEqualTo(FULLNAME);
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        });
    }

    // --- production: schema, budgets, network policies, metrics, helm test -------------------------------

    @Test
    void theValuesSchemaRefusesWrongValuesNamingThem() {
        assertThatThrownBy(() -> render(t -> t.set("api.replicaCount", "two")))
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> render(t -> t.set("image.pullPolicy", "Sometimes")))
                .hasMessageContaining("pullPolicy");
        assertThatThrownBy(() -> render(t -> t.set("databse.url", DB_URL)))
                .as("a misspelt key is not silently ignored").hasMessageContaining("databse");
        assertThatThrownBy(() -> render(t -> t.set("database.url", "postgres://db/driftless")))
                .hasMessageContaining("/database/url");
        assertThatThrownBy(() -> render(t -> t.set("build.timeout", "twenty minutes")))
                .hasMessageContaining("timeout");
    }

    @Test
    void theApiHasADisruptionBudgetAndTheWorkerOneOnlyWhenThereAreTwo() {
        List<HasMetadata> defaults = render(t -> t);
        PodDisruptionBudget api = find(defaults, PodDisruptionBudget.class, FULLNAME);
        assertThat(api.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
        assertThat(api.getSpec().getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "api");
        assertThat(all(defaults, PodDisruptionBudget.class)).as("one worker: a budget would block drains").hasSize(1);

        List<HasMetadata> twoWorkers = render(t -> t.set("worker.replicaCount", 2).set("api.replicaCount", 1));
        assertThat(all(twoWorkers, PodDisruptionBudget.class)).singleElement()
                .satisfies(pdb -> assertThat(pdb.getMetadata().getName()).isEqualTo(WORKER));
    }

    @Test
    void bothDeploymentsHaveAStartupProbeSoThatAFirstMigrationIsNotKilled() {
        List<HasMetadata> objects = render(t -> t);
        for (String name : List.of(FULLNAME, WORKER)) {
            Container c = container(find(objects, Deployment.class, name));
            assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
            assertThat(c.getStartupProbe().getPeriodSeconds() * c.getStartupProbe().getFailureThreshold())
                    .as("seconds allowed to start").isGreaterThanOrEqualTo(120);
        }
    }

    @Test
    void networkPoliciesOpenOnlyTheHttpPortAndNarrowTheApiToTheGivenPeers() {
        List<HasMetadata> open = render(t -> t);
        for (String name : List.of(FULLNAME, WORKER)) {
            NetworkPolicy policy = find(open, NetworkPolicy.class, name);
            assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
            assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
                assertThat(rule.getPorts()).singleElement()
                        .satisfies(port -> assertThat(port.getPort().getStrVal()).isEqualTo("http"));
                assertThat(rule.getFrom()).isNullOrEmpty();
            });
        }

        NetworkPolicy narrowed = find(render(t -> t
                .set("networkPolicy.apiFrom[0].namespaceSelector.matchLabels.name", "ingress-nginx")
                .set("networkPolicy.egress[0].ports[0].port", 5432)), NetworkPolicy.class, FULLNAME);
        assertThat(narrowed.getSpec().getIngress().get(0).getFrom()).singleElement().satisfies(peer -> assertThat(
                peer.getNamespaceSelector().getMatchLabels()).containsEntry("name", "ingress-nginx"));
        assertThat(narrowed.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(narrowed.getSpec().getEgress()).singleElement()
                .satisfies(rule -> assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(5432));

        assertThat(all(render(t -> t.set("networkPolicy.enabled", false)), NetworkPolicy.class)).isEmpty();
    }

    @Test
    void prometheusScrapesTheApiAndTheWorkerWithATokenFromASecret() {
        assertThat(render(t -> t)).noneMatch(o -> o.getKind().endsWith("Monitor"));
        assertThatThrownBy(() -> render(t -> t.set("metrics.serviceMonitor.enabled", true)))
                .hasMessageContaining("metrics.serviceMonitor.tokenSecret.name is required");

        List<HasMetadata> objects = render(t -> t.set("metrics.serviceMonitor.enabled", true)
                .set("metrics.serviceMonitor.tokenSecret.name", "prometheus-token"));
        for (String kind : List.of("ServiceMonitor", "PodMonitor")) {
            HasMetadata monitor = objects.stream().filter(o -> o.getKind().equals(kind)).findFirst().orElseThrow();
            String yaml = Serialization.asYaml(monitor);
            assertThat(yaml).as(kind).contains("path: \"/q/metrics\"").contains("name: \"prometheus-token\"")
                    .contains("port: \"http\"");
        }
    }

    @Test
    void tracingIsOffByDefaultAndWhenEnabledBothDeploymentsExportToTheEndpoint() {
        for (String name : List.of(FULLNAME, WORKER)) {
            Container off = container(find(render(t -> t), Deployment.class, name));
            assertThat(envVar(off, "QUARKUS_OTEL_SDK_DISABLED")).as(name).isEmpty();
            assertThat(envVar(off, "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")).as(name).isEmpty();
        }

        List<HasMetadata> objects = render(t -> t.set("tracing.enabled", true)
                .set("tracing.endpoint", "http://otel-collector.observability:4317"));
        for (String name : List.of(FULLNAME, WORKER)) {
            Container on = container(find(objects, Deployment.class, name));
            assertThat(env(on, "QUARKUS_OTEL_SDK_DISABLED")).as(name).isEqualTo("false");
            assertThat(env(on, "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT")).as(name)
                    .isEqualTo("http://otel-collector.observability:4317");
        }
    }

    @Test
    void tracingWithoutAnEndpointOrWithAMalformedOneIsRefused() {
        assertThatThrownBy(() -> render(t -> t.set("tracing.enabled", true)))
                .hasMessageContaining("/tracing/endpoint");
        assertThatThrownBy(() -> render(t -> t.set("tracing.enabled", true).set("tracing.endpoint", "collector:4317")))
                .hasMessageContaining("/tracing/endpoint");
    }

    @Test
    void theDashboardIsValidJsonAndQueriesOnlyMetricsDriftlessServes() throws IOException {
        ConfigMap dashboard = find(render(t -> t.set("metrics.dashboard.enabled", true)), ConfigMap.class,
                FULLNAME + "-dashboard");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dashboard.getData().get("driftless.json"));
        assertThat(json.path("panels")).hasSizeGreaterThanOrEqualTo(8);
        Set<String> documented = Set.of("driftless_jobs", "driftless_jobs_wait_seconds_bucket",
                "driftless_jobs_run_seconds_count", "driftless_revision_ready_seconds_bucket",
                "driftless_revision_phase_seconds_bucket", "driftless_drift_events_total", "driftless_drift_heals_total",
                "driftless_orphans_swept_total", "driftless_github_calls_total", "driftless_github_rate_limit_remaining",
                "driftless_github_webhooks_total", "driftless_webhooks_deliveries_total", "driftless_reaper_actions_total",
                "driftless_informer_reconnects_total");
        json.path("panels").forEach(panel -> panel.path("targets").forEach(target -> {
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("driftless_[a-z_]+")
                    .matcher(target.path("expr").asText());
            while (names.find()) {
                assertThat(documented).as("in %s", panel.path("title").asText()).contains(names.group());
            }
        }));
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** Templates the chart with a database url plus whatever {@code values} adds, and parses every document. */
    private static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                .set("database.url", DB_URL);
        return parse(values.apply(template).call());
    }

    private static List<HasMetadata> parse(String manifest) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : manifest.split("(?m)^---\\s*$")) {
            boolean blank = document.lines().map(String::strip)
                    .allMatch(line -> line.isEmpty() || line.startsWith("#"));
            if (!blank) {
                objects.add(Serialization.unmarshal(document, HasMetadata.class));
            }
        }
        assertThat(objects).as("rendered objects").isNotEmpty();
        return objects;
    }

    private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> matches = all(objects, type).stream().filter(o -> name.equals(o.getMetadata().getName()))
                .collect(Collectors.toList());
        assertThat(matches).as("%s %s", type.getSimpleName(), name).hasSize(1);
        return matches.get(0);
    }

    private static Container container(Deployment deployment) {
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static Optional<EnvVar> envVar(Container container, String name) {
        List<EnvVar> matches = container.getEnv().stream().filter(e -> e.getName().equals(name))
                .collect(Collectors.toList());
        assertThat(matches).as("env %s defined at most once", name).hasSizeLessThanOrEqualTo(1);
        return matches.stream().findFirst();
    }

    private static String env(Container container, String name) {
        return envVar(container, name).map(EnvVar::getValue)
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.getEnv()));
    }

    private static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new java.util.TreeSet<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
