package io.driftless.server.simulated;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.driftless.api.source.SourceHost;
import io.driftless.worker.github.GitHubCredentials;
import io.driftless.worker.github.GitHubSource;
import io.driftless.worker.registry.DistributionRegistry;
import io.driftless.worker.registry.ImageRegistry;
import io.quarkus.runtime.Startup;

/**
 * Which source host and image registry are in use, chosen at start (so the log says which): the embedded
 * default ({@code driftless.cluster=simulated}) reaches neither GitHub nor a registry unless told how, so
 * it gets the simulated ones; anything else gets GitHub and the registry HTTP API.
 *
 * <ul>
 * <li>source host: {@link SimulatedSourceHost} when the cluster is simulated and no GitHub credentials
 * are configured ({@code driftless.github.token} or {@code driftless.github.app.*}); else
 * {@link GitHubSource}.</li>
 * <li>image registry ({@code driftless.build.registry-check}): {@code auto} (the default) is
 * {@link SimulatedRegistry} on the simulated cluster and {@link DistributionRegistry} on any other;
 * {@code real} and {@code simulated} choose one whatever the cluster.</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class SimulatedOrReal {

    private static final Logger LOG = Logger.getLogger(SimulatedOrReal.class);

    /** {@code driftless.build.registry-check}: which registry is asked whether an image was built already. */
    public enum RegistryCheck {
        auto,
        real,
        simulated
    }

    private final SourceHost source;
    private final ImageRegistry registry;

    public SimulatedOrReal(SimulatedClusterConfig cluster, GitHubCredentials credentials, GitHubSource github,
            DistributionRegistry realRegistry, SimulatedRegistry simulatedRegistry,
            @ConfigProperty(name = "driftless.build.registry-check", defaultValue = "auto") RegistryCheck check) {
        this.source = cluster.isSimulated() && !credentials.enabled() ? new SimulatedSourceHost() : github;
        boolean simulated = switch (check) {
            case auto -> cluster.isSimulated();
            case real -> false;
            case simulated -> true;
        };
        this.registry = simulated ? simulatedRegistry : realRegistry;
        LOG.infof("image registry checked before a build: %s (driftless.build.registry-check=%s, "
                + "driftless.cluster=%s)", simulated ? "simulated, holding what was built since the start"
                        : "the registry HTTP API", check, cluster.mode());
    }

    @Produces
    @ApplicationScoped
    SourceHost sourceHost() {
        return source;
    }

    @Produces
    @ApplicationScoped
    ImageRegistry imageRegistry() {
        return registry;
    }
}
