package io.driftless.server.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.driftless.server.TestGitHubConfig;
import io.driftless.server.simulated.SimulatedOrReal.RegistryCheck;
import io.driftless.worker.github.GitHubConfig;
import io.driftless.worker.github.GitHubCredentials;
import io.driftless.worker.github.GitHubSource;
import io.driftless.worker.registry.DigestResolver;
import io.driftless.worker.registry.DistributionRegistry;

/** Which source host and registry a process uses, from its cluster, its GitHub credentials and registry-check. */
class SimulatedOrRealTest {

    private final DistributionRegistry realRegistry = new DistributionRegistry(
            new DigestResolver(Set.of(), Map.of(), Duration.ofSeconds(1)));
    private final SimulatedRegistry simulatedRegistry = new SimulatedRegistry();

    private SimulatedOrReal choose(String cluster, Optional<String> token, RegistryCheck check) {
        GitHubConfig github = github(token);
        GitHubCredentials credentials = new GitHubCredentials(github);
        return new SimulatedOrReal(cluster(cluster), credentials, new GitHubSource(github, credentials, null), realRegistry,
                simulatedRegistry, check);
    }

    @Test
    void theEmbeddedDefaultWithoutGitHubCredentialsReadsNoSpecFilesAndChecksTheSimulatedRegistry() {
        SimulatedOrReal chosen = choose("simulated", Optional.empty(), RegistryCheck.auto);

        assertThat(chosen.sourceHost()).isInstanceOf(SimulatedSourceHost.class);
        assertThat(chosen.imageRegistry()).isSameAs(simulatedRegistry);
    }

    @Test
    void withGitHubCredentialsTheSimulatedClusterReadsFromGitHub() {
        assertThat(choose("simulated", Optional.of("ghp_token"), RegistryCheck.auto).sourceHost())
                .isInstanceOf(GitHubSource.class);
    }

    @Test
    void aRealClusterReadsFromGitHubEvenWithoutCredentialsAndChecksTheRealRegistry() {
        SimulatedOrReal chosen = choose("kubeconfig", Optional.empty(), RegistryCheck.auto);

        assertThat(chosen.sourceHost()).isInstanceOf(GitHubSource.class);
        assertThat(chosen.imageRegistry()).isSameAs(realRegistry);
    }

    @Test
    void registryCheckChoosesTheRegistryWhateverTheCluster() {
        assertThat(choose("simulated", Optional.empty(), RegistryCheck.real).imageRegistry()).isSameAs(realRegistry);
        assertThat(choose("in-cluster", Optional.empty(), RegistryCheck.simulated).imageRegistry())
                .isSameAs(simulatedRegistry);
    }

    private static SimulatedClusterConfig cluster(String mode) {
        return new SimulatedClusterConfig() {
            @Override
            public String mode() {
                return mode;
            }

            @Override
            public Simulated simulated() {
                throw new UnsupportedOperationException("not needed to choose");
            }
        };
    }

    private static GitHubConfig github(Optional<String> token) {
        return TestGitHubConfig.of("http://127.0.0.1:9", token, Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
}
