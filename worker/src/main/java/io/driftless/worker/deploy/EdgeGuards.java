package io.driftless.worker.deploy;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.driftless.api.policy.PolicyDocument;
import io.driftless.api.policy.PolicyService;
import io.driftless.api.policy.PreviewAccess;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.render.EdgeGuard;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The {@link EdgeGuard} a repository's previews get now: the annotations that send ingress-nginx to
 * Driftless's {@code /edge/check} when its effective {@code access} is not {@code public}, and also when
 * it is public but its previews may fall asleep ({@code sleepAfter} other than {@code never}): the check
 * (200 for anyone on a public preview) is what sees their traffic, and without it a preview in use would
 * be put to sleep for being idle. None when public and never asleep.
 */
@ApplicationScoped
public class EdgeGuards {

    private final PolicyService policies;
    private final EdgeGuard guard;

    public EdgeGuards(PolicyService policies, WorkerConfig config,
            @ConfigProperty(name = "driftless.public-url", defaultValue = "http://localhost:8080") String publicUrl) {
        this.policies = policies;
        this.guard = new EdgeGuard(config.edge().serviceHost(), config.edge().servicePort(), publicUrl);
    }

    public Optional<EdgeGuard> of(String repository) {
        PolicyDocument policy = policies.effective(repository).values();
        boolean open = policy.access() == null || policy.access() == PreviewAccess.PUBLIC;
        boolean sleeps = policy.sleepAfter() != null && !policy.sleepAfter().never();
        return open && !sleeps ? Optional.empty() : Optional.of(guard);
    }

    /** {@code objects} with their Ingresses guarded as the repository's access says. */
    public List<HasMetadata> protect(String repository, List<HasMetadata> objects) {
        return EdgeGuard.protect(objects, of(repository));
    }
}
