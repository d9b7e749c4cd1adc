package io.driftless.worker.resync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.driftless.api.domain.DriftEvent;
import io.driftless.api.naming.Names;
import io.driftless.api.spec.SealPolicy;
import io.driftless.worker.render.AliasInput;
import io.driftless.worker.render.AliasRenderer;
import io.driftless.worker.render.RenderInput;
import io.driftless.worker.render.RevisionRenderer;
import io.driftless.worker.resync.Differences.Difference;
import io.driftless.worker.resync.Differences.Expected;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;

class DifferencesTest {

    static final UUID ENVIRONMENT = UUID.fromString("d48a15dd-75cc-4d13-b589-fa5639c1876a");
    static final UUID REVISION = UUID.fromString("62a1457e-8b87-4e3b-989b-6d2b43c681dd");
    static final UUID OTHER_REVISION = UUID.fromString("0b7f3f0e-3d36-4c59-9d53-6a1bd1a3f7a2");
    static final String SPEC_HASH = "711e4c17bcb429216ae9b67db8c2341bfdf48515b064e52876a32ce95550ef47";
    static final String IMAGE = "registry.example.com/shop@sha256:" + "0123456789abcdef".repeat(4);

    static RenderInput revision() {
        String slug = Names.environmentSlug("acme/shop", "acme/shop", "feature/login");
        String name = Names.revisionName(slug, SPEC_HASH);
        return new RenderInput(ENVIRONMENT, REVISION, "acme/shop", "feature/login",
                "0123456789abcdef0123456789abcdef01234567", SPEC_HASH, name, name + ".preview.localhost", IMAGE, 8080,
                Optional.empty(), SealPolicy.defaults());
    }

    static AliasInput alias(UUID target, String targetNamespace) {
        return new AliasInput(ENVIRONMENT, "feature-login--shop", "feature-login--shop.preview.localhost",
                "driftless-routing", targetNamespace, target, Optional.empty(), "acme/shop", "app");
    }

    static List<Expected> expected() {
        List<Expected> expected = new ArrayList<>();
        RevisionRenderer.render(revision()).forEach(o -> expected.add(new Expected(ENVIRONMENT, REVISION, o)));
        AliasRenderer.render(alias(REVISION, revision().name()))
                .forEach(o -> expected.add(new Expected(ENVIRONMENT, REVISION, o)));
        return expected;
    }

    /** What a cluster holding exactly the rendered objects returns: copies, with what the server adds. */
    static List<HasMetadata> asTheClusterHoldsThem(List<Expected> expected) {
        List<HasMetadata> live = new ArrayList<>();
        for (Expected e : expected) {
            HasMetadata copy = Serialization.clone(e.object());
            copy.getMetadata().setResourceVersion("42");
            copy.getMetadata().setUid(UUID.randomUUID().toString());
            live.add(copy);
        }
        return live;
    }

    @Test
    void aClusterAsRenderedHasNoDifferences() {
        List<Expected> expected = expected();

        assertThat(Differences.of(expected, LiveObjects.of(asTheClusterHoldsThem(expected)))).isEmpty();
    }

    @Test
    void anEmptyClusterMissesEachNamespaceOnceAndNothingInsideIt() {
        List<Difference> found = Differences.of(expected(), LiveObjects.of(List.of()));

        assertThat(found).extracting(d -> d.kind() + " " + d.objectKind() + " " + d.objectName()).containsExactly(
                "DELETED Namespace " + revision().name(),
                "DELETED Namespace driftless-routing");
        assertThat(found).allSatisfy(d -> assertThat(d.live()).isEmpty());
    }

    @Test
    void aDeletedObjectIsMissingAndTheRestIsFine() {
        List<Expected> expected = expected();
        List<HasMetadata> live = asTheClusterHoldsThem(expected);
        live.removeIf(o -> o instanceof Deployment);

        List<Difference> found = Differences.of(expected, LiveObjects.of(live));

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DriftEvent.Kind.DELETED);
            assertThat(d.objectName()).isEqualTo(revision().name() + "/app");
            assertThat(d.revisionId()).isEqualTo(REVISION);
        });
    }

    @Test
    void anEditedObjectSaysWhatChanged() {
        List<Expected> expected = expected();
        List<HasMetadata> live = asTheClusterHoldsThem(expected);
        live.stream().filter(o -> o instanceof Deployment).map(Deployment.class::cast).findFirst().orElseThrow()
                .getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil/miner:latest");

        List<Difference> found = Differences.of(expected, LiveObjects.of(live));

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DriftEvent.Kind.EDITED);
            assertThat(d.detail()).contains("image").contains("evil/miner:latest");
            assertThat(d.live()).isPresent();
        });
    }

    @Test
    void anAliasPointedElsewhereIsAnEditedService() {
        List<Expected> expected = expected();
        List<HasMetadata> live = new ArrayList<>(asTheClusterHoldsThem(expected));
        live.removeIf(o -> o instanceof Service && "driftless-routing".equals(o.getMetadata().getNamespace()));
        live.add(AliasRenderer.service(alias(OTHER_REVISION, "r-other")));

        List<Difference> found = Differences.of(expected, LiveObjects.of(live));

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DriftEvent.Kind.EDITED);
            assertThat(d.objectKind()).isEqualTo("Service");
            assertThat(d.objectName()).isEqualTo("driftless-routing/feature-login--shop");
            assertThat(d.detail()).contains(AliasRenderer.TARGET_REVISION).contains("r-other");
        });
    }

    @Test
    void theSharedRoutingNamespaceIsComparedOnce() {
        List<Expected> expected = new ArrayList<>(expected());
        AliasRenderer.render(alias(OTHER_REVISION, "r-other")).stream()
                .filter(o -> o.getMetadata().getNamespace() == null)
                .forEach(o -> expected.add(new Expected(UUID.randomUUID(), OTHER_REVISION, o)));

        assertThat(Differences.of(expected, LiveObjects.of(List.of())))
                .filteredOn(d -> d.objectName().equals("driftless-routing")).hasSize(1);
    }
}
