package io.driftless.server.simulated;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.driftless.api.source.SourceHost;
import io.driftless.worker.github.GitHubCredentials;
import io.driftless.worker.github.GitHubSource;
import io.quarkus.runtime.Startup;

/**
 * Which source host is in use, chosen at start (so the log says which): the embedded default
 * ({@code driftless.cluster=simulated}) reaches no GitHub unless told how, so it gets the simulated one;
 * anything else gets GitHub.
 *
 * <ul>
 * <li>source host: {@link SimulatedSourceHost} when the cluster is simulated and no GitHub credentials
 * are configured ({@code driftless.github.token} or {@code driftless.github.app.*}); else
 * {@link GitHubSource}.</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class SimulatedOrReal {

    private final SourceHost source;

    public SimulatedOrReal(SimulatedClusterConfig cluster, GitHubCredentials credentials, GitHubSource github) {
        this.source = cluster.isSimulated() && !credentials.enabled() ? new SimulatedSourceHost() : github;
    }

    @Produces
    @ApplicationScoped
    SourceHost sourceHost() {
        return source;
    }
}
