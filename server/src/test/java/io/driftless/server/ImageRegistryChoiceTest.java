package io.driftless.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.driftless.server.simulated.SimulatedRegistry;
import io.driftless.worker.registry.ImageRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** On the simulated cluster the registry asked before a build is the simulated one, which has what was pushed. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class ImageRegistryChoiceTest {

    static final String DIGEST = "sha256:" + "5a".repeat(32);

    @Inject
    ImageRegistry registry;

    @Inject
    SimulatedRegistry simulated;

    @Test
    void theInjectedRegistryAnswersWhatWasPushedToTheSimulatedOne() {
        String reference = "registry.local/acme/shop/web:key-" + "1c".repeat(32);
        assertThat(registry.digestOf(reference)).isEmpty();

        simulated.pushed(reference, DIGEST);

        assertThat(registry.digestOf(reference)).contains(DIGEST);
    }
}
