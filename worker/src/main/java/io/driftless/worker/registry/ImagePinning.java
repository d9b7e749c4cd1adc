package io.driftless.worker.registry;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.api.spec.ImageReference;
import io.driftless.api.spec.StackSpec;

/**
 * Pins a revision's image to a digest before its first deploy, once: the requested reference stays on
 * the revision, the resolved one is recorded next to it and is what the Deployment runs. On the
 * simulated cluster (with {@code driftless.registry.pinning=auto}) tags are used as given and the
 * revision shows as unpinned.
 */
@ApplicationScoped
public class ImagePinning {

    private static final Logger LOG = Logger.getLogger(ImagePinning.class);

    private final EnvironmentService environments;
    private final DigestResolver resolver;
    private final boolean enabled;

    public ImagePinning(EnvironmentService environments, RegistryConfig config,
            @ConfigProperty(name = "driftless.cluster", defaultValue = "simulated") String cluster) {
        this.environments = environments;
        this.resolver = DigestResolver.of(config);
        this.enabled = switch (config.pinning()) {
            case always -> true;
            case never -> false;
            case auto -> !"simulated".equals(cluster.trim());
        };
        if (!enabled) {
            LOG.infof("images given by tag are deployed as given, unpinned (driftless.registry.pinning=%s, "
                    + "driftless.cluster=%s)", config.pinning(), cluster);
        }
    }

    /**
     * The target with the image it must run: pinned already, given by digest, resolved now (and recorded),
     * or, when pinning is off, as given.
     *
     * @throws ImageNotResolvable when the tag cannot be resolved for good
     * @throws io.driftless.worker.jobs.PassingFailure when the registry may answer later
     */
    public DeployTarget pin(DeployTarget target) {
        if (target.isStack()) {
            return pinStack(target);
        }
        if (target.pinnedImage() != null) {
            return target;
        }
        Optional<ImageReference> image = ImageReference.parse(target.image());
        if (image.isEmpty()) {
            throw new ImageNotResolvable("'" + target.image() + "' is not an image reference: " + ImageReference.FORM);
        }
        if (image.get().pinned() || !enabled) {
            return target;
        }
        String digest = resolver.resolve(image.get());
        String pinned = environments.recordPinnedImage(target.revisionId(), image.get().pinnedTo(digest));
        LOG.infof("revision %s: image %s pinned to %s", target.name(), target.image(), pinned);
        return new DeployTarget(target.environmentId(), target.revisionId(), target.repository(), target.branch(),
                target.commit(), target.specHash(), target.name(), target.image(), target.port(), target.phase(),
                target.seal(), pinned, target.spec(), target.pinnedImages(), target.headRepository());
    }

    /**
     * Every service of a stack given an image, in name order; one already pinned (by an earlier try) stays
     * as it is. A built service has no image to pin: the build's result is its image, by digest.
     */
    private DeployTarget pinStack(DeployTarget target) {
        DeployTarget pinned = target;
        for (StackSpec.ServiceSpec service : target.spec().stack().services().values()) {
            if (service.image() == null || pinned.pinnedImages().containsKey(service.name())) {
                continue;
            }
            Optional<ImageReference> image = ImageReference.parse(service.image());
            if (image.isEmpty()) {
                throw new ImageNotResolvable("service " + service.name() + ": '" + service.image()
                        + "' is not an image reference: " + ImageReference.FORM);
            }
            if (image.get().pinned() || !enabled) {
                continue;
            }
            String digest = resolver.resolve(image.get());
            String inForce = environments.recordPinnedImage(target.revisionId(), service.name(),
                    image.get().pinnedTo(digest));
            LOG.infof("revision %s: service %s image %s pinned to %s", target.name(), service.name(),
                    service.image(), inForce);
            pinned = pinned.withPinned(service.name(), inForce);
        }
        return pinned;
    }
}
