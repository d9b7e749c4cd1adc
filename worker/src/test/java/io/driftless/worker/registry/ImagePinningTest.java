package io.driftless.worker.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.api.spec.RevisionSpec;
import io.driftless.api.spec.SealPolicy;
import io.driftless.api.spec.StackSpec;
import io.driftless.api.spec.StackSpec.BuildSpec;
import io.driftless.api.spec.StackSpec.ServiceSpec;

class ImagePinningTest {

    private static final String PINNED = "postgres@sha256:" + "ab".repeat(32);

    /** Pinning on, and no registry nor database: a service that needed either would fail the test. */
    private final ImagePinning pinning = new ImagePinning(null, new RegistryConfig() {
        @Override
        public Pinning pinning() {
            return Pinning.always;
        }

        @Override
        public Optional<Set<String>> insecureHosts() {
            return Optional.empty();
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Map<String, Credentials> credentials() {
            return Map.of();
        }
    }, "kubernetes");

    @Test
    void aBuiltServiceIsLeftToItsBuildAndTheOthersArePinnedAsBefore() {
        ServiceSpec web = new ServiceSpec("web", null, 8080, true, List.of(), List.of(), Map.of(), null, Set.of(),
                null, null, new BuildSpec(null, null, null, null, null));
        ServiceSpec db = new ServiceSpec("db", PINNED, 5432, false, List.of(), List.of(), Map.of(), null, Set.of(),
                null, null);
        StackSpec stack = new StackSpec(new TreeMap<>(Map.of("web", web, "db", db)), null);
        DeployTarget target = new DeployTarget(UUID.randomUUID(), UUID.randomUUID(), "acme/shop", "main", "c0ffee",
                "hash", "r-1", null, 0, RevisionPhase.QUEUED, SealPolicy.defaults(), null,
                RevisionSpec.ofStack("acme/shop", "acme/shop", "main", "c0ffee", stack, SealPolicy.defaults(),
                        Map.of(), null), Map.of(), "acme/shop");

        assertThat(pinning.pin(target)).isEqualTo(target);
    }
}
