package io.driftless.worker.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

class AliasRendererTest {

    static final UUID ENVIRONMENT = UUID.fromString("d48a15dd-75cc-4d13-b589-fa5639c1876a");
    static final UUID TARGET = UUID.fromString("62a1457e-8b87-4e3b-989b-6d2b43c681dd");

    static AliasInput input(String targetNamespace, UUID target) {
        return new AliasInput(ENVIRONMENT, "feature-login--shop-656f1cc2b7",
                "feature-login--shop-656f1cc2b7.preview.localhost", "driftless-routing", targetNamespace, target,
                Optional.empty(), "acme/shop", "app");
    }

    @Test
    void theAliasIsAnIngressToAnExternalNameServiceInTheRoutingNamespace() {
        var objects = AliasRenderer.render(input("r-711e4c17--feature-login--shop-656f1cc2b7", TARGET));

        assertThat(objects).extracting(HasMetadata::getKind).containsExactly("Namespace", "Service", "Ingress");
        var service = AliasRenderer.service(input("r-711e4c17--feature-login--shop-656f1cc2b7", TARGET));
        assertThat(service.getMetadata().getNamespace()).isEqualTo("driftless-routing");
        assertThat(service.getSpec().getType()).isEqualTo("ExternalName");
        assertThat(service.getSpec().getExternalName())
                .isEqualTo("app.r-711e4c17--feature-login--shop-656f1cc2b7.svc.cluster.local");
        assertThat(service.getMetadata().getAnnotations()).containsEntry(AliasRenderer.TARGET_REVISION,
                TARGET.toString());
        var rule = AliasRenderer.ingress(input("ns", TARGET)).getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("feature-login--shop-656f1cc2b7.preview.localhost");
        assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getName())
                .isEqualTo(service.getMetadata().getName());
    }

    @Test
    void repointingChangesOnlyTheTargetAndItsNote() throws Exception {
        UUID other = UUID.randomUUID();
        var patch = Serialization.jsonMapper().readTree(AliasRenderer.repoint(input("r-other", other)));

        assertThat(patch.get("spec").get("externalName").asText()).isEqualTo("app.r-other.svc.cluster.local");
        assertThat(patch.get("spec").size()).isEqualTo(1);
        assertThat(patch.get("metadata").get("annotations").get(AliasRenderer.TARGET_REVISION).asText())
                .isEqualTo(other.toString());
        assertThat(patch.size()).isEqualTo(2);
    }

    @Test
    void aliasObjectsAreManagedAndNamedForTheirEnvironment() {
        for (HasMetadata object : AliasRenderer.render(input("ns", TARGET)).subList(1, 3)) {
            assertThat(object.getMetadata().getLabels()).containsEntry(Labels.MANAGED_BY, "driftless")
                    .containsEntry(Labels.ENVIRONMENT, ENVIRONMENT.toString())
                    .containsEntry(AliasRenderer.ROLE, "alias");
        }
    }
}
