package io.driftless.worker.deploy;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.driftless.api.config.RolesConfig;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** A worker is ready only while it can reach the cluster's API server. Other roles never touch it. */
@Readiness
@ApplicationScoped
public class ClusterHealthCheck implements HealthCheck {

    private final KubernetesClient client;
    private final RolesConfig roles;

    public ClusterHealthCheck(KubernetesClient client, RolesConfig roles) {
        this.client = client;
        this.roles = roles;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kubernetes");
        if (!roles.has(RolesConfig.Role.worker)) {
            return response.up().withData("checked", "no: not a worker").build();
        }
        try {
            client.namespaces().list(new ListOptionsBuilder().withLimit(1L).build());
            return response.up().withData("server", client.getMasterUrl().toString()).build();
        } catch (RuntimeException e) {
            return response.down().withData("server", client.getMasterUrl().toString())
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
