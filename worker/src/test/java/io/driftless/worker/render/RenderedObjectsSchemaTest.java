package io.driftless.worker.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftless.schemas.KubernetesSchemas;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * Every object the renderers produce is one the API server of the pinned Kubernetes version accepts as far as
 * its OpenAPI schema says ({@link KubernetesSchemas}): no unknown field, every required one, the right types
 * and enum values. A unit test of each renderer proves what the objects mean; this one proves they are
 * well-formed, for representative inputs of each shape.
 */
class RenderedObjectsSchemaTest {

    static List<HasMetadata> stack(RevisionModel model) {
        RenderedStack rendered = StackRenderer.render(model);
        List<HasMetadata> objects = new ArrayList<>(rendered.base());
        objects.addAll(rendered.workloads().values());
        objects.addAll(rendered.hooks());
        return objects;
    }

    @Test
    void aSingleImageRevisionsObjectsAreValid() {
        KubernetesSchemas.assertValid(RevisionRenderer.render(RevisionRendererTest.input()));
    }

    @Test
    void aSingleImageRevisionWithoutInternetEgressAndAnIngressClassIsValid() {
        RenderInput in = RevisionRendererTest.input(SealRendererTest.NO_INTERNET);
        RenderInput withClass = new RenderInput(in.environmentId(), in.revisionId(), in.repository(), in.branch(),
                in.commit(), in.specHash(), in.name(), in.host(), in.image(), in.port(), Optional.of("nginx"),
                in.seal());

        KubernetesSchemas.assertValid(RevisionRenderer.render(withClass));
    }

    @Test
    void aStackRevisionsObjectsAreValidWithSecretsVolumesProbesAndHooks() {
        List<HasMetadata> objects = stack(StackRendererTest.model());

        assertThat(kinds(objects)).contains("Secret", "PersistentVolumeClaim", "Deployment", "Job");
        KubernetesSchemas.assertValid(objects);
    }

    @Test
    void aForksStackRevisionWithNoSecretGrantedIsValid() {
        KubernetesSchemas.assertValid(stack(StackRendererTest.fork()));
    }

    @Test
    void theAliasAndItsGuardedIngressAreValid() {
        AliasInput in = AliasRendererTest.input("r-711e4c17--feature-login--shop-656f1cc2b7",
                AliasRendererTest.TARGET);
        List<HasMetadata> objects = new ArrayList<>(AliasRenderer.render(in));
        objects.add(AliasRenderer.ingress(in, Optional.of(EdgeGuardTest.GUARD)));

        KubernetesSchemas.assertValid(objects);
    }

    @Test
    void theEdgeServiceAndTheEdgeRoutesIngressAreValid() {
        AliasInput in = AliasRendererTest.input("r-711e4c17--feature-login--shop-656f1cc2b7",
                AliasRendererTest.TARGET);
        TreeSet<String> hosts = new TreeSet<>(List.of(in.host(), RevisionRendererTest.input().host()));

        KubernetesSchemas.assertValid(List.of(AliasRenderer.edgeService(in.routingNamespace(), EdgeGuardTest.GUARD),
                AliasRenderer.edgeRoutes(in, hosts)));
    }

    @Test
    void theWakeBackendOfASleepingRevisionIsValid() {
        KubernetesSchemas.assertValid(List.of(AliasRenderer.wakeBackend(RevisionRendererTest.input().name(),
                "driftless", "driftless")));
    }

    @Test
    void aGuardedStackRevisionsIngressIsValid() {
        KubernetesSchemas.assertValid(
                EdgeGuard.protect(stack(StackRendererTest.model()), Optional.of(EdgeGuardTest.GUARD)));
    }

    @Test
    void theAliasServiceRepointedByItsMergePatchIsStillValid() throws IOException {
        AliasInput in = AliasRendererTest.input("r-711e4c17--feature-login--shop-656f1cc2b7",
                AliasRendererTest.TARGET);
        ObjectNode service = Serialization.jsonMapper().valueToTree(AliasRenderer.service(in));
        AliasInput moved = AliasRendererTest.input("r-0a1b2c3d--feature-login--shop-656f1cc2b7",
                UUID.fromString("0b5c2a4e-7d1f-4c39-9e2a-5f6b7c8d9e0f"));

        // a JSON merge patch without nulls is a deep merge of objects, which is what readerForUpdating does
        JsonNode patched = Serialization.jsonMapper().readerForUpdating(service)
                .readValue(AliasRenderer.repoint(moved));

        assertThat(patched.at("/spec/externalName").asText()).startsWith("app.r-0a1b2c3d--");
        assertThat(KubernetesSchemas.violations(patched)).isEmpty();
    }

    static List<String> kinds(List<HasMetadata> objects) {
        return objects.stream().map(HasMetadata::getKind).distinct().toList();
    }}
