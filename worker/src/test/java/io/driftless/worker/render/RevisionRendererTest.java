package io.driftless.worker.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.driftless.api.naming.Names;
import io.driftless.api.spec.SealPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;

class RevisionRendererTest {

    static final String SPEC_HASH = "711e4c17bcb429216ae9b67db8c2341bfdf48515b064e52876a32ce95550ef47";
    static final String IMAGE = "registry.example.com/shop@sha256:" + "0123456789abcdef".repeat(4);

    static RenderInput input() {
        return input(SealPolicy.defaults());
    }

    static RenderInput input(SealPolicy seal) {
        String slug = Names.environmentSlug("acme/shop", "acme/shop", "feature/login");
        String name = Names.revisionName(slug, SPEC_HASH);
        return new RenderInput(UUID.fromString("d48a15dd-75cc-4d13-b589-fa5639c1876a"),
                UUID.fromString("62a1457e-8b87-4e3b-989b-6d2b43c681dd"), "acme/shop", "feature/login",
                "0123456789abcdef0123456789abcdef01234567", SPEC_HASH, name, name + ".preview.localhost", IMAGE, 8080,
                Optional.empty(), seal);
    }

    @Test
    void rendersTheSealedNamespaceThenTheAppInCreationOrder() {
        List<HasMetadata> objects = RevisionRenderer.render(input());

        assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
                "Namespace/" + input().name(), "ServiceAccount/app", "ResourceQuota/quota", "LimitRange/defaults",
                "NetworkPolicy/default-deny", "NetworkPolicy/allow-ingress-controller",
                "NetworkPolicy/allow-same-namespace", "NetworkPolicy/allow-dns", "NetworkPolicy/allow-internet-egress",
                "Deployment/app", "Service/app", "Ingress/app");
        assertThat(objects.subList(1, objects.size())).allSatisfy(o -> assertThat(o.getMetadata().getNamespace())
                .isEqualTo(input().name()));
    }

    @Test
    void theNamespaceIsTheRevisionsName() {
        Namespace namespace = RevisionRenderer.namespace(input());

        assertThat(namespace.getMetadata().getName()).isEqualTo(input().name()).startsWith("r-711e4c17--");
    }

    @Test
    void everyObjectCarriesTheManagedLabelsAndTheCommitAndSpecHash() {
        for (HasMetadata object : RevisionRenderer.render(input())) {
            assertThat(object.getMetadata().getLabels())
                    .containsEntry(Labels.MANAGED_BY, "driftless")
                    .containsEntry(Labels.PART_OF, "driftless")
                    .containsEntry(Labels.ENVIRONMENT, "d48a15dd-75cc-4d13-b589-fa5639c1876a")
                    .containsEntry(Labels.REVISION, "62a1457e-8b87-4e3b-989b-6d2b43c681dd")
                    .containsEntry(Labels.REPOSITORY, "acme.shop");
            assertThat(object.getMetadata().getAnnotations())
                    .containsEntry(Labels.COMMIT_ANNOTATION, "0123456789abcdef0123456789abcdef01234567")
                    .containsEntry(Labels.SPEC_HASH_ANNOTATION, SPEC_HASH)
                    .containsEntry(Labels.BRANCH_ANNOTATION, "feature/login");
        }
    }

    @Test
    void theDeploymentRunsThePinnedImageOnTheRequestedPortAsNonRoot() {
        Deployment deployment = RevisionRenderer.deployment(input());
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);

        assertThat(container.getImage()).isEqualTo(IMAGE);
        assertThat(container.getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo("app");
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(deployment.getSpec().getSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet().stream()
                        .filter(e -> e.getKey().equals(Labels.REVISION))
                        .collect(java.util.stream.Collectors.toMap(e -> e.getKey(), e -> e.getValue())));
    }

    @Test
    void theServiceAndIngressRouteTheRevisionsHostToItsPods() {
        Service service = RevisionRenderer.service(input());
        Ingress ingress = RevisionRenderer.ingress(input());

        assertThat(service.getSpec().getSelector()).containsEntry(Labels.REVISION, input().revisionId().toString());
        assertThat(service.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
        var rule = ingress.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo(input().host());
        assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getName())
                .isEqualTo(service.getMetadata().getName());
    }

    @Test
    void anIngressClassIsSetOnlyWhenConfigured() {
        RenderInput in = input();
        RenderInput withClass = new RenderInput(in.environmentId(), in.revisionId(), in.repository(), in.branch(),
                in.commit(), in.specHash(), in.name(), in.host(), in.image(), in.port(), Optional.of("nginx"), in.seal());

        assertThat(RevisionRenderer.ingress(in).getSpec().getIngressClassName()).isNull();
        assertThat(RevisionRenderer.ingress(withClass).getSpec().getIngressClassName()).isEqualTo("nginx");
    }

    @Test
    void renderingTwiceGivesByteIdenticalManifests() {
        String first = Serialization.asYaml(RevisionRenderer.render(input()));
        String second = Serialization.asYaml(RevisionRenderer.render(input()));

        assertThat(first).isEqualTo(second);
    }

    @Test
    void aLongRepositoryNameIsCutToALabelValue() {
        RenderInput in = input();
        RenderInput longRepo = new RenderInput(in.environmentId(), in.revisionId(), "o/" + "r".repeat(100), in.branch(),
                in.commit(), in.specHash(), in.name(), in.host(), in.image(), in.port(), Optional.empty(), in.seal());

        assertThat(Labels.of(longRepo).get(Labels.REPOSITORY)).hasSize(63);
    }
}
