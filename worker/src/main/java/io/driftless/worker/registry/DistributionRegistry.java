package io.driftless.worker.registry;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import io.driftless.api.spec.ImageReference;

/**
 * The real registries, through the registry HTTP API (a HEAD of the manifest) with
 * {@code driftless.registry.*}'s insecure hosts, credentials and timeout, as images are pinned.
 */
@ApplicationScoped
// a bean of its own type only: which ImageRegistry is in use is chosen at start (the server's SimulatedOrReal)
@Typed(DistributionRegistry.class)
public class DistributionRegistry implements ImageRegistry {

    private final DigestResolver resolver;

    @Inject
    public DistributionRegistry(RegistryConfig config) {
        this(DigestResolver.of(config));
    }

    public DistributionRegistry(DigestResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Optional<String> digestOf(String reference) {
        ImageReference image = ImageReference.parse(reference).orElseThrow(() -> new IllegalArgumentException(
                "'" + reference + "' is not an image reference: " + ImageReference.FORM));
        return resolver.find(image);
    }
}
