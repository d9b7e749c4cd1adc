package io.driftless.worker.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;

class EdgeGuardTest {

    static final EdgeGuard GUARD = new EdgeGuard("driftless.driftless.svc.cluster.local", 80,
            "https://driftless.example.com/");
    static final UUID TARGET = UUID.fromString("62a1457e-8b87-4e3b-989b-6d2b43c681dd");

    @Test
    void aProtectedPreviewsIngressAsksTheInClusterCheckAndSendsBrowsersToThePublicSignIn() {
        Ingress ingress = GUARD.protect(RevisionRenderer.ingress(RevisionRendererTest.input()));

        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/auth-url",
                        "http://driftless.driftless.svc.cluster.local/edge/check")
                .containsEntry("nginx.ingress.kubernetes.io/auth-signin",
                        "https://driftless.example.com/edge/signin?rd=$scheme://$host$escaped_request_uri")
                .containsAllEntriesOf(Labels.annotations(RevisionRendererTest.input()));
    }

    @Test
    void aServicePortOtherThan80IsInTheCheckUrl() {
        assertThat(new EdgeGuard("dl.tools.svc.cluster.local", 8080, "http://dl").checkUrl())
                .isEqualTo("http://dl.tools.svc.cluster.local:8080/edge/check");
    }

    @Test
    void aPublicPreviewRendersExactlyAsBefore() {
        List<HasMetadata> revision = RevisionRenderer.render(RevisionRendererTest.input());
        assertThat(Manifests.yaml(EdgeGuard.protect(revision, Optional.empty()))).isEqualTo(Manifests.yaml(revision));

        AliasInput alias = AliasRendererTest.input("ns", TARGET);
        assertThat(AliasRenderer.ingress(alias, Optional.empty())).isEqualTo(AliasRenderer.ingress(alias));
        assertThat(AliasRenderer.ingress(alias).getMetadata().getAnnotations()).doesNotContainKeys(
                EdgeGuard.AUTH_URL, EdgeGuard.AUTH_SIGNIN);
    }

    @Test
    void onlyTheIngressesOfAProtectedRevisionChange() {
        List<HasMetadata> plain = StackRenderer.render(StackRendererTest.model()).steadyState();
        List<HasMetadata> guarded = EdgeGuard.protect(plain, Optional.of(GUARD));

        assertThat(guarded).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) {
            if (plain.get(i) instanceof Ingress) {
                assertThat(guarded.get(i).getMetadata().getAnnotations()).containsAllEntriesOf(GUARD.annotations());
                assertThat(((Ingress) guarded.get(i)).getSpec()).isEqualTo(((Ingress) plain.get(i)).getSpec());
            } else {
                assertThat(guarded.get(i)).isEqualTo(plain.get(i));
            }
        }
        assertThat(guarded).filteredOn(o -> o instanceof Ingress).hasSize(1);
    }

    @Test
    void theAliasOfAProtectedEnvironmentIsGuarded() {
        AliasInput alias = AliasRendererTest.input("ns", TARGET);

        Ingress ingress = AliasRenderer.ingress(alias, Optional.of(GUARD));

        assertThat(ingress.getMetadata().getAnnotations()).containsAllEntriesOf(GUARD.annotations())
                .containsEntry(AliasRenderer.TARGET_REVISION, TARGET.toString());
        assertThat(ingress.getSpec()).isEqualTo(AliasRenderer.ingress(alias).getSpec());
    }

    @Test
    void theEdgeRoutesSendDriftlessPathOfEveryHostToDriftlessWithoutAuth() {
        AliasInput alias = AliasRendererTest.input("ns", TARGET);
        var hosts = new TreeSet<>(List.of("r-711e4c17--feature-login--shop-656f1cc2b7.preview.localhost",
                "feature-login--shop-656f1cc2b7.preview.localhost"));

        Ingress routes = AliasRenderer.edgeRoutes(alias, hosts);

        assertThat(routes.getMetadata().getName()).isEqualTo("feature-login--shop-656f1cc2b7-edge");
        assertThat(routes.getMetadata().getNamespace()).isEqualTo("driftless-routing");
        assertThat(routes.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(routes.getMetadata().getLabels()).containsEntry(Labels.ENVIRONMENT, AliasRendererTest.ENVIRONMENT
                .toString()).containsEntry(AliasRenderer.ROLE, "edge");
        assertThat(routes.getSpec().getRules()).extracting(r -> r.getHost()).containsExactly(
                "feature-login--shop-656f1cc2b7.preview.localhost",
                "r-711e4c17--feature-login--shop-656f1cc2b7.preview.localhost");
        assertThat(routes.getSpec().getRules()).allSatisfy(rule -> {
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPath()).isEqualTo("/_driftless/");
                assertThat(path.getPathType()).isEqualTo("Prefix");
                assertThat(path.getBackend().getService().getName()).isEqualTo("driftless-edge");
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        });
    }

    @Test
    void theEdgeServiceNamesDriftlesssOwnServiceOnItsPort() {
        var service = AliasRenderer.edgeService("driftless-routing", new EdgeGuard("dl.tools.svc.cluster.local", 8080,
                "https://dl"));

        assertThat(service.getMetadata().getName()).isEqualTo("driftless-edge");
        assertThat(service.getMetadata().getNamespace()).isEqualTo("driftless-routing");
        assertThat(service.getSpec().getType()).isEqualTo("ExternalName");
        assertThat(service.getSpec().getExternalName()).isEqualTo("dl.tools.svc.cluster.local");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getPort()).isEqualTo(8080);
        });
    }

    @Test
    void wantedAnnotationsKeepTheIngresssOwnAndFollowTheGuard() {
        Ingress guarded = GUARD.protect(RevisionRenderer.ingress(RevisionRendererTest.input()));
        Map<String, String> own = Labels.annotations(RevisionRendererTest.input());

        assertThat(EdgeGuard.wanted(guarded, Optional.empty())).isEqualTo(own);
        assertThat(EdgeGuard.wanted(guarded, Optional.of(GUARD))).isEqualTo(guarded.getMetadata().getAnnotations());
    }

    @Test
    void driftDoesNotCompareTheGuardsAnnotations() {
        Ingress plain = RevisionRenderer.ingress(RevisionRendererTest.input());
        Ingress guarded = GUARD.protect(plain);
        Ingress edited = new IngressBuilder(guarded).editMetadata().addToAnnotations("driftless.io/commit", "x")
                .endMetadata().build();

        assertThat(Drift.differences(guarded, plain)).isEmpty();
        assertThat(Drift.differences(plain, guarded)).isEmpty();
        assertThat(Drift.differences(guarded, edited)).singleElement().asString().contains("driftless.io/commit");
    }
}
