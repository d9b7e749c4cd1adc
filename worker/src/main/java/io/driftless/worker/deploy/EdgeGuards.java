package io.driftless.worker.deploy;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.driftless.api.policy.PolicyService;
import io.driftless.api.policy.PreviewAccess;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.render.EdgeGuard;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The {@link EdgeGuard} a repository's previews get now: none while its effective {@code access} is
 * {@code public}, else the annotations that send ingress-nginx to Driftless's {@code /edge/check}.
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
        PreviewAccess access = policies.effective(repository).values().access();
        return access == null || access == PreviewAccess.PUBLIC ? Optional.empty() : Optional.of(guard);
    }

    /** {@code objects} with their Ingresses guarded as the repository's access says. */
    public List<HasMetadata> protect(String repository, List<HasMetadata> objects) {
        return EdgeGuard.protect(objects, of(repository));
    }
}
