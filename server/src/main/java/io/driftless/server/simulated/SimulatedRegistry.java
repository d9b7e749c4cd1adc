package io.driftless.server.simulated;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import io.driftless.api.spec.ImageReference;
import io.driftless.worker.registry.ImageRegistry;

/**
 * The image registry of the embedded default, which reaches none: it has what was pushed to it since the
 * start ({@link #pushed}), and nothing else. References are compared as the registry API would see them
 * (registry host, repository, tag or digest), so {@code nginx} and {@code docker.io/library/nginx:latest}
 * are one. Chosen by {@link SimulatedOrReal}; a bean of its own type so that what pushes can say so.
 */
@ApplicationScoped
@Typed(SimulatedRegistry.class)
public class SimulatedRegistry implements ImageRegistry {

    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");

    /** registry/repository:tag → digest, and registry/repository@digest → digest. */
    private final Map<String, String> manifests = new ConcurrentHashMap<>();

    /** The image was pushed as {@code reference} (a tag), its manifest's digest {@code digest}. */
    public void pushed(String reference, String digest) {
        ImageReference image = parse(reference);
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("'" + digest + "' is not a digest (sha256:<64 hex>)");
        }
        if (image.digest().isPresent() && !image.digest().get().equals(digest)) {
            throw new IllegalArgumentException(reference + " names another digest than " + digest);
        }
        String repository = image.registry() + "/" + image.repository();
        // a push without a tag or digest is one of latest, as docker push does
        image.tag().or(() -> image.digest().isEmpty() ? Optional.of("latest") : Optional.empty())
                .ifPresent(tag -> manifests.put(repository + ":" + tag, digest));
        manifests.put(repository + "@" + digest, digest);
    }

    @Override
    public Optional<String> digestOf(String reference) {
        ImageReference image = parse(reference);
        String repository = image.registry() + "/" + image.repository();
        String manifest = image.manifestReference();
        return Optional.ofNullable(manifests.get(repository + (DIGEST.matcher(manifest).matches() ? "@" : ":")
                + manifest));
    }

    private static ImageReference parse(String reference) {
        return ImageReference.parse(reference).orElseThrow(() -> new IllegalArgumentException(
                "'" + reference + "' is not an image reference: " + ImageReference.FORM));
    }
}
