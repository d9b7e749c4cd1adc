package io.driftless.worker.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.driftless.api.naming.Names;
import io.driftless.api.spec.SealPolicy;
import io.driftless.api.spec.StackSpec;
import io.driftless.api.spec.StackSpec.EnvValue;
import io.driftless.api.spec.StackSpec.Health;
import io.driftless.api.spec.StackSpec.Hook;
import io.driftless.api.spec.StackSpec.Hooks;
import io.driftless.api.spec.StackSpec.Resources;
import io.driftless.api.spec.StackSpec.ServiceSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;

class StackRendererTest {

    static final String SPEC_HASH = "9c1f5e0d2b3a4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5";
    static final String WEB_PINNED = "registry.example.com/shop/web@sha256:" + "0123456789abcdef".repeat(4);
    static final UUID REVISION = UUID.fromString("62a1457e-8b87-4e3b-989b-6d2b43c681dd");
    static final Map<String, String> GRANTED = Map.of("STRIPE_KEY", "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            "DB_PASSWORD", "hunter2");

    static ServiceSpec web() {
        Map<String, EnvValue> env = new LinkedHashMap<>();
        env.put("STRIPE_KEY", EnvValue.secretNamed("STRIPE_KEY"));
        env.put("GREETING", EnvValue.literal("hello"));
        env.put("DATABASE_URL", EnvValue.literal("postgres://db:5432/shop"));
        return new ServiceSpec("web", "registry.example.com/shop/web:1.4", 8080, true, List.of(), List.of(), env,
                new Health("/healthz", 8080, 60), Set.of("db"), new Resources("250m", "256Mi"), null);
    }

    static ServiceSpec api() {
        return new ServiceSpec("api", "registry.example.com/shop/api:1.4", 9000, false, List.of("/bin/api"),
                List.of("--listen", ":9000"), Map.of(), null, Set.of(), null, null);
    }

    static ServiceSpec db() {
        return new ServiceSpec("db", "postgres:16", 5432, false, List.of(), List.of(),
                Map.of("POSTGRES_PASSWORD", EnvValue.secretNamed("DB_PASSWORD")), null, Set.of(),
                new Resources(null, "512Mi"), "1Gi");
    }

    static Hooks hooks() {
        return new Hooks(new Hook("migrate", "web", List.of("./manage", "migrate")),
                new Hook("seed", "api", List.of("/bin/api", "seed")));
    }

    static StackSpec stack(ServiceSpec... services) {
        Map<String, ServiceSpec> byName = new LinkedHashMap<>();
        for (ServiceSpec service : services) {
            byName.put(service.name(), service);
        }
        return new StackSpec(new java.util.TreeMap<>(byName), hooks());
    }

    static RevisionModel model(StackSpec stack, Map<String, String> images, Map<String, String> secretValues) {
        String slug = Names.environmentSlug("acme/shop", "acme/shop", "feature/login");
        String name = Names.revisionName(slug, SPEC_HASH);
        return new RevisionModel(UUID.fromString("d48a15dd-75cc-4d13-b589-fa5639c1876a"), REVISION, "acme/shop",
                "feature/login", "0123456789abcdef0123456789abcdef01234567", SPEC_HASH, name,
                name + ".preview.localhost", Optional.empty(), stack, SealPolicy.defaults(), images, secretValues);
    }

    static RevisionModel model() {
        return model(stack(web(), api(), db()), Map.of("web", WEB_PINNED), GRANTED);
    }

    static RevisionModel fork() {
        return model(stack(web(), api(), db()), Map.of("web", WEB_PINNED), Map.of());
    }

    static <T extends HasMetadata> T object(List<HasMetadata> objects, Class<T> kind, String name) {
        return objects.stream().filter(kind::isInstance).map(kind::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    static List<PodTemplateSpec> podTemplates(RenderedStack rendered) {
        List<PodTemplateSpec> templates = new ArrayList<>();
        rendered.workloads().values().forEach(d -> templates.add(d.getSpec().getTemplate()));
        rendered.hooks().forEach(j -> templates.add(j.getSpec().getTemplate()));
        return templates;
    }

    @Test
    void rendersTheSealedNamespaceThenSecretVolumesServicesAndOneIngressThenAWorkloadPerService() {
        RenderedStack rendered = StackRenderer.render(model());

        assertThat(rendered.base()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
                "Namespace/" + model().name(), "ServiceAccount/app", "ResourceQuota/quota", "LimitRange/defaults",
                "NetworkPolicy/default-deny", "NetworkPolicy/allow-ingress-controller",
                "NetworkPolicy/allow-same-namespace", "NetworkPolicy/allow-dns", "NetworkPolicy/allow-internet-egress",
                "Secret/repository-secrets", "PersistentVolumeClaim/db-data", "Service/api", "Service/db",
                "Service/web", "Ingress/web");
        assertThat(rendered.workloads()).containsOnlyKeys("api", "db", "web");
        assertThat(rendered.workloads().values()).extracting(d -> d.getMetadata().getName())
                .containsExactly("api", "db", "web");
        assertThat(rendered.steadyState()).hasSize(rendered.base().size() + 3)
                .endsWith(rendered.workloads().values().toArray(HasMetadata[]::new))
                .noneMatch(Job.class::isInstance);
        assertThat(rendered.steadyState().subList(1, rendered.steadyState().size()))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(model().name()));
    }

    @Test
    void theNamespaceIsLabelledAndSealedAsASingleImageRevisionsIs() {
        var namespace = StackRenderer.render(model()).base().get(0);

        assertThat(namespace.getMetadata().getLabels()).containsEntry(Labels.NAME, "app")
                .containsEntry(Labels.REVISION, REVISION.toString())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                .doesNotContainKey(Labels.SERVICE);
    }

    @Test
    void everyObjectCarriesTheRevisionsLabelsAndAnnotationsAndServiceObjectsNameTheirService() {
        RenderedStack rendered = StackRenderer.render(model());
        List<HasMetadata> all = new ArrayList<>(rendered.steadyState());
        all.addAll(rendered.hooks());

        for (HasMetadata object : all) {
            assertThat(object.getMetadata().getLabels())
                    .containsEntry(Labels.MANAGED_BY, "driftless")
                    .containsEntry(Labels.PART_OF, "driftless")
                    .containsEntry(Labels.INSTANCE, model().name())
                    .containsEntry(Labels.ENVIRONMENT, "d48a15dd-75cc-4d13-b589-fa5639c1876a")
                    .containsEntry(Labels.REVISION, REVISION.toString())
                    .containsEntry(Labels.REPOSITORY, "acme.shop");
            assertThat(object.getMetadata().getAnnotations())
                    .containsEntry(Labels.COMMIT_ANNOTATION, "0123456789abcdef0123456789abcdef01234567")
                    .containsEntry(Labels.SPEC_HASH_ANNOTATION, SPEC_HASH)
                    .containsEntry(Labels.BRANCH_ANNOTATION, "feature/login")
                    .containsEntry(Labels.REPOSITORY_ANNOTATION, "acme/shop");
        }
        assertThat(object(rendered.base(), PersistentVolumeClaim.class, "db-data").getMetadata().getLabels())
                .containsEntry(Labels.NAME, "db").containsEntry(Labels.SERVICE, "db");
        assertThat(object(rendered.base(), Ingress.class, "web").getMetadata().getLabels())
                .containsEntry(Labels.NAME, "web").containsEntry(Labels.SERVICE, "web");
        rendered.workloads().forEach((name, deployment) -> {
            assertThat(deployment.getMetadata().getLabels()).containsEntry(Labels.NAME, name)
                    .containsEntry(Labels.SERVICE, name);
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(Map.of(Labels.REVISION, REVISION.toString(), Labels.SERVICE, name));
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
        });
    }

    @Test
    void servicesAnswerOnTheirOwnPortsAndOnlyTheExposedOneAlsoOn80() {
        List<HasMetadata> base = StackRenderer.render(model()).base();

        assertThat(object(base, Service.class, "db").getSpec().getPorts())
                .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
                .containsExactly("main:5432->main");
        assertThat(object(base, Service.class, "api").getSpec().getPorts())
                .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
                .containsExactly("main:9000->main");
        assertThat(object(base, Service.class, "web").getSpec().getPorts())
                .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
                .containsExactly("main:8080->main", "http:80->main");
        Service db = object(base, Service.class, "db");
        assertThat(db.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(db.getSpec().getSelector())
                .isEqualTo(Map.of(Labels.REVISION, REVISION.toString(), Labels.SERVICE, "db"));
    }

    @Test
    void anExposedServiceOnPort80HasOnePortNamedHttp() {
        ServiceSpec web = web();
        ServiceSpec on80 = new ServiceSpec("web", web.image(), 80, true, List.of(), List.of(), web.env(), null,
                Set.of(), null, null);
        RevisionModel model = model(stack(on80, api(), db()), Map.of(), GRANTED);

        assertThat(StackRenderer.service(model, on80).getSpec().getPorts())
                .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
                .containsExactly("http:80->main");
    }

    @Test
    void theOneIngressRoutesTheRevisionsHostToTheExposedServicesHttpPort() {
        List<HasMetadata> base = StackRenderer.render(model()).base();

        assertThat(base).filteredOn(Ingress.class::isInstance).hasSize(1);
        Ingress ingress = object(base, Ingress.class, "web");
        var rule = ingress.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo(model().host());
        var backend = rule.getHttp().getPaths().get(0).getBackend().getService();
        assertThat(backend.getName()).isEqualTo("web");
        assertThat(backend.getPort().getName()).isEqualTo("http");
        assertThat(ingress.getSpec().getIngressClassName()).isNull();
    }

    @Test
    void aServiceRunsItsPinnedImageOrTheOneWrittenWithItsCommandPortAndRequests() {
        RenderedStack rendered = StackRenderer.render(model());
        Container web = rendered.workloads().get("web").getSpec().getTemplate().getSpec().getContainers().get(0);
        Container api = rendered.workloads().get("api").getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(web.getName()).isEqualTo("web");
        assertThat(web.getImage()).isEqualTo(WEB_PINNED);
        assertThat(web.getCommand()).isEmpty();
        assertThat(web.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("main");
            assertThat(p.getContainerPort()).isEqualTo(8080);
        });
        assertThat(web.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("250m"), "memory",
                new Quantity("256Mi")));
        assertThat(web.getResources().getLimits()).isNullOrEmpty();
        assertThat(api.getImage()).isEqualTo("registry.example.com/shop/api:1.4");
        assertThat(api.getCommand()).containsExactly("/bin/api");
        assertThat(api.getArgs()).containsExactly("--listen", ":9000");
        assertThat(api.getResources()).isNull();
        rendered.workloads().values().forEach(d -> {
            assertThat(d.getSpec().getReplicas()).isEqualTo(1);
            assertThat(d.getSpec().getRevisionHistoryLimit()).isZero();
        });
    }

    @Test
    void readinessIsTheHealthPathWhenGivenElseThePortAcceptingConnections() {
        RenderedStack rendered = StackRenderer.render(model());
        var web = rendered.workloads().get("web").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getReadinessProbe();
        var db = rendered.workloads().get("db").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getReadinessProbe();

        assertThat(web.getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(web.getHttpGet().getPort().getStrVal()).isEqualTo("main");
        assertThat(web.getTcpSocket()).isNull();
        assertThat(web.getPeriodSeconds()).isEqualTo(2);
        assertThat(db.getHttpGet()).isNull();
        assertThat(db.getTcpSocket().getPort().getStrVal()).isEqualTo("main");
        assertThat(db.getPeriodSeconds()).isEqualTo(2);
    }

    @Test
    void aHealthCheckOnAnotherPortProbesThatPort() {
        ServiceSpec web = web();
        ServiceSpec admin = new ServiceSpec("web", web.image(), 8080, true, List.of(), List.of(), web.env(),
                new Health("/ready", 9090, 30), Set.of(), null, null);

        var probe = StackRenderer.deployment(model(stack(admin, api(), db()), Map.of(), GRANTED), admin)
                .getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe();

        assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(9090);
    }

    @Test
    void storageIsAClaimMountedAtTheDataPathAndTheWorkloadIsRecreatedNotRolled() {
        RenderedStack rendered = StackRenderer.render(model());
        PersistentVolumeClaim claim = object(rendered.base(), PersistentVolumeClaim.class, "db-data");
        Deployment db = rendered.workloads().get("db");
        PodSpec pod = db.getSpec().getTemplate().getSpec();

        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests()).isEqualTo(Map.of("storage", new Quantity("1Gi")));
        assertThat(pod.getVolumes()).singleElement().satisfies(v -> {
            assertThat(v.getName()).isEqualTo("data");
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("db-data");
        });
        assertThat(pod.getContainers().get(0).getVolumeMounts()).singleElement().satisfies(m -> {
            assertThat(m.getName()).isEqualTo("data");
            assertThat(m.getMountPath()).isEqualTo(ServiceSpec.DATA_PATH);
        });
        assertThat(db.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(rendered.workloads().get("web").getSpec().getStrategy()).isNull();
        assertThat(rendered.workloads().get("web").getSpec().getTemplate().getSpec().getVolumes()).isNullOrEmpty();
    }

    @Test
    void environmentIsSortedWithLiteralsAsValuesAndGrantedSecretsFromTheRevisionsSecret() {
        List<EnvVar> env = StackRenderer.render(model()).workloads().get("web").getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv();

        assertThat(env).extracting(EnvVar::getName).containsExactly("DATABASE_URL", "GREETING", "STRIPE_KEY");
        assertThat(env.get(1).getValue()).isEqualTo("hello");
        assertThat(env.get(1).getValueFrom()).isNull();
        assertThat(env.get(2).getValue()).isNull();
        assertThat(env.get(2).getValueFrom().getSecretKeyRef().getName()).isEqualTo("repository-secrets");
        assertThat(env.get(2).getValueFrom().getSecretKeyRef().getKey()).isEqualTo("STRIPE_KEY");
    }

    @Test
    void theSecretHoldsTheGrantedValuesBase64UnderTheirNames() {
        Secret secret = object(StackRenderer.render(model()).base(), Secret.class, "repository-secrets");

        assertThat(secret.getType()).isEqualTo("Opaque");
        assertThat(secret.getData()).containsOnlyKeys("DB_PASSWORD", "STRIPE_KEY");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("STRIPE_KEY")), StandardCharsets.UTF_8))
                .isEqualTo("sk_test_4eC39HqLyjWDarjtT1zdp7dc");
        assertThat(secret.getMetadata().getLabels()).containsEntry(Labels.REVISION, REVISION.toString());
    }

    @Test
    void aForkGetsNoSecretAndItsSecretVariablesAreLeftOut() {
        RenderedStack rendered = StackRenderer.render(fork());

        assertThat(fork().withheld()).containsExactly("DB_PASSWORD", "STRIPE_KEY");
        assertThat(model().withheld()).isEmpty();
        assertThat(rendered.base()).noneMatch(Secret.class::isInstance);
        assertThat(rendered.workloads().get("web").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(EnvVar::getName).containsExactly("DATABASE_URL", "GREETING");
        assertThat(rendered.workloads().get("db").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .isEmpty();
        assertThat(rendered.hooks().get(0).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .extracting(EnvVar::getName).doesNotContain("STRIPE_KEY");
    }

    @Test
    void onlySecretsTheStackRefersToAreGrantedAndAPartialGrantWithholdsTheRest() {
        RevisionModel model = model(stack(web(), api(), db()), Map.of(),
                Map.of("STRIPE_KEY", "sk", "UNUSED", "never mounted"));

        assertThat(model.granted()).containsOnlyKeys("STRIPE_KEY");
        assertThat(model.withheld()).containsExactly("DB_PASSWORD");
        assertThat(StackRenderer.secret(model).getData()).containsOnlyKeys("STRIPE_KEY");
    }

    @Test
    void hooksRunAsOneShotJobsInOrderWithTheirServicesImageEnvironmentAndRequests() {
        RenderedStack rendered = StackRenderer.render(model());
        Container web = rendered.workloads().get("web").getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(rendered.hooks()).extracting(j -> j.getMetadata().getName())
                .containsExactly("hook-migrate", "hook-seed");
        Job migrate = rendered.hooks().get(0);
        PodSpec pod = migrate.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(migrate.getApiVersion()).isEqualTo("batch/v1");
        assertThat(migrate.getSpec().getBackoffLimit()).isZero();
        assertThat(migrate.getSpec().getActiveDeadlineSeconds()).isEqualTo(900L);
        assertThat(migrate.getSpec().getTtlSecondsAfterFinished()).isNull();
        assertThat(migrate.getSpec().getSelector()).isNull();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(container.getImage()).isEqualTo(WEB_PINNED);
        assertThat(container.getEnv()).isEqualTo(web.getEnv());
        assertThat(container.getResources()).isEqualTo(web.getResources());
        assertThat(container.getCommand()).containsExactly("./manage", "migrate");
        assertThat(container.getArgs()).isEmpty();
        assertThat(container.getPorts()).isEmpty();
        assertThat(container.getReadinessProbe()).isNull();
        assertThat(container.getLivenessProbe()).isNull();
        Container seed = rendered.hooks().get(1).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(seed.getImage()).isEqualTo("registry.example.com/shop/api:1.4");
        assertThat(seed.getCommand()).containsExactly("/bin/api", "seed");
    }

    @Test
    void aHookPodIsNeverBehindAService() {
        RenderedStack rendered = StackRenderer.render(model());

        for (Job hook : rendered.hooks()) {
            Map<String, String> labels = hook.getSpec().getTemplate().getMetadata().getLabels();
            String name = hook.getMetadata().getName().substring("hook-".length());
            assertThat(labels).containsEntry(Labels.HOOK, name).containsEntry(Labels.REVISION, REVISION.toString())
                    .doesNotContainKey(Labels.SERVICE);
            assertThat(hook.getMetadata().getLabels()).containsEntry(Labels.HOOK, name);
            rendered.base().stream().filter(Service.class::isInstance).map(Service.class::cast).forEach(service ->
                    assertThat(labels.entrySet().containsAll(service.getSpec().getSelector().entrySet()))
                            .as("%s selects %s", service.getMetadata().getName(), hook.getMetadata().getName())
                            .isFalse());
        }
    }

    @Test
    void everyPodTemplateIsSealed() {
        List<PodTemplateSpec> templates = podTemplates(StackRenderer.render(model()));

        assertThat(templates).hasSize(5);
        for (PodTemplateSpec template : templates) {
            PodSpec pod = template.getSpec();
            assertThat(pod.getServiceAccountName()).isEqualTo(SealRenderer.SERVICE_ACCOUNT);
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getEnableServiceLinks()).isFalse();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getContainers()).isNotEmpty().allSatisfy(c -> {
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
                assertThat(c.getSecurityContext().getPrivileged()).isNull();
            });
            assertThat(pod.getInitContainers()).isEmpty();
            assertThat(pod.getHostNetwork()).isNull();
        }
    }

    @Test
    void theIngressControllerReachesOnlyTheExposedServiceOnItsContainerPort() {
        List<HasMetadata> base = StackRenderer.render(model()).base();
        NetworkPolicy allow = object(base, NetworkPolicy.class, SealRenderer.ALLOW_INGRESS_CONTROLLER);
        NetworkPolicy same = object(base, NetworkPolicy.class, SealRenderer.ALLOW_SAME_NAMESPACE);

        assertThat(allow.getSpec().getPodSelector().getMatchLabels())
                .isEqualTo(Map.of(Labels.REVISION, REVISION.toString(), Labels.SERVICE, "web"));
        assertThat(allow.getSpec().getIngress()).singleElement()
                .satisfies(rule -> assertThat(rule.getPorts()).singleElement()
                        .satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(8080)));
        assertThat(same.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(same.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector()).isNotNull();
    }

    @Test
    void anIngressClassIsSetOnlyWhenConfigured() {
        RevisionModel m = model();
        RevisionModel withClass = new RevisionModel(m.environmentId(), m.revisionId(), m.repository(), m.branch(),
                m.commit(), m.specHash(), m.name(), m.host(), Optional.of("nginx"), m.stack(), m.seal(), m.images(),
                m.secretValues());

        assertThat(StackRenderer.ingress(withClass).getSpec().getIngressClassName()).isEqualTo("nginx");
    }

    @Test
    void mapsInAnyInsertionOrderGiveByteIdenticalManifests() {
        Map<String, EnvValue> envOneWay = new LinkedHashMap<>();
        envOneWay.put("A_FIRST", EnvValue.literal("1"));
        envOneWay.put("STRIPE_KEY", EnvValue.secretNamed("STRIPE_KEY"));
        envOneWay.put("Z_LAST", EnvValue.literal("26"));
        Map<String, EnvValue> envOtherWay = new LinkedHashMap<>();
        envOtherWay.put("Z_LAST", EnvValue.literal("26"));
        envOtherWay.put("STRIPE_KEY", EnvValue.secretNamed("STRIPE_KEY"));
        envOtherWay.put("A_FIRST", EnvValue.literal("1"));
        ServiceSpec web = web();
        ServiceSpec webOneWay = new ServiceSpec("web", web.image(), 8080, true, List.of(), List.of(), envOneWay,
                web.health(), new java.util.LinkedHashSet<>(List.of("db", "api")), web.resources(), null);
        ServiceSpec webOtherWay = new ServiceSpec("web", web.image(), 8080, true, List.of(), List.of(), envOtherWay,
                web.health(), new java.util.LinkedHashSet<>(List.of("api", "db")), web.resources(), null);
        Map<String, String> secretsOneWay = new LinkedHashMap<>();
        secretsOneWay.put("DB_PASSWORD", "hunter2");
        secretsOneWay.put("STRIPE_KEY", "sk");
        Map<String, String> secretsOtherWay = new LinkedHashMap<>();
        secretsOtherWay.put("STRIPE_KEY", "sk");
        secretsOtherWay.put("DB_PASSWORD", "hunter2");
        Map<String, String> imagesOneWay = new LinkedHashMap<>();
        imagesOneWay.put("web", WEB_PINNED);
        imagesOneWay.put("db", "postgres@sha256:" + "f".repeat(64));
        Map<String, String> imagesOtherWay = new LinkedHashMap<>();
        imagesOtherWay.put("db", "postgres@sha256:" + "f".repeat(64));
        imagesOtherWay.put("web", WEB_PINNED);

        RenderedStack one = StackRenderer.render(model(stack(webOneWay, api(), db()), imagesOneWay, secretsOneWay));
        RenderedStack other = StackRenderer.render(model(stack(db(), webOtherWay, api()), imagesOtherWay,
                secretsOtherWay));

        assertThat(Manifests.yaml(one.steadyState())).isEqualTo(Manifests.yaml(other.steadyState()));
        assertThat(Manifests.yaml(one.hooks())).isEqualTo(Manifests.yaml(other.hooks()));
        assertThat(one).isEqualTo(other);
    }

    @Test
    void renderingTwiceGivesEqualObjects() {
        assertThat(StackRenderer.render(model())).isEqualTo(StackRenderer.render(model()));
    }

    @Test
    void everyObjectRoundTripsThroughTheKubernetesModelWithItsRequiredFields() {
        RenderedStack rendered = StackRenderer.render(model());
        List<HasMetadata> all = new ArrayList<>(rendered.steadyState());
        all.addAll(rendered.hooks());
        Pattern dnsLabel = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

        for (HasMetadata object : all) {
            HasMetadata back = Serialization.unmarshal(Serialization.asYaml(object));
            assertThat(back).as(object.getKind()).isEqualTo(object).isInstanceOf(object.getClass());
            assertThat(object.getApiVersion()).isNotBlank();
            assertThat(object.getKind()).isNotBlank();
            assertThat(object.getMetadata().getName()).matches(dnsLabel);
        }
        for (PodTemplateSpec template : podTemplates(rendered)) {
            assertThat(template.getSpec().getContainers()).allSatisfy(c -> {
                assertThat(c.getName()).matches(dnsLabel);
                assertThat(c.getImage()).isNotBlank();
                assertThat(c.getPorts()).allSatisfy(p -> assertThat(p.getName()).hasSizeLessThanOrEqualTo(15));
            });
        }
        rendered.base().stream().filter(Service.class::isInstance).map(Service.class::cast).forEach(service ->
                assertThat(rendered.workloads().values()).filteredOn(d -> d.getSpec().getTemplate().getMetadata()
                        .getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet()))
                        .as("pods behind %s", service.getMetadata().getName()).hasSize(1));
    }

    @Test
    void anImagePinnedForAServiceTheStackDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> model(stack(web(), api(), db()), Map.of("cache", "redis:7"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cache");
    }

    @Test
    void aModelNeverPrintsItsSecretValues() {
        assertThat(model().toString()).contains("STRIPE_KEY").doesNotContain("sk_test_4eC39HqLyjWDarjtT1zdp7dc")
                .doesNotContain("hunter2");
    }

    @Test
    void aRequestAbovePolicysDefaultLimitBecomesItsOwnLimitSoTheApiServerAcceptsThePod() {
        ServiceSpec big = new ServiceSpec("big", "registry.example.com/big:1", 8080, true, List.of(), List.of(),
                Map.of(), null, Set.of(), new Resources("250m", "1Gi"), null);
        io.fabric8.kubernetes.api.model.Container container = StackRenderer.render(
                model(new StackSpec(new java.util.TreeMap<>(Map.of("big", big)), Hooks.NONE), Map.of(), Map.of()))
                .workloads().get("big").getSpec().getTemplate().getSpec().getContainers().get(0);

        // the default limits are cpu 1 and memory 512Mi: the cpu request fits under them, the memory one does not
        assertThat(container.getResources().getRequests()).containsOnlyKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsOnlyKeys("memory");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
    }
}
