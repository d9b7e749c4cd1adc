package io.driftless.server.simulated;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Qualifier;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The client of what plays the cluster's own parts on the simulated cluster (the kubelet, the build pods):
 * a client of its own, with a user agent of its own, so that their calls are never taken for Driftless's
 * (the RBAC coverage check records the worker's calls only) and read as theirs in the API server's log.
 */
@ApplicationScoped
public class SimulatedActors {

    /** The client the simulated cluster's own actors use. */
    @Qualifier
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE })
    public @interface Simulated {
    }

    private volatile KubernetesClient client;

    @Produces
    @Singleton
    @Simulated
    KubernetesClient client(Config config) {
        KubernetesClient built = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(config).withUserAgent("driftless-simulated-cluster").build())
                .build();
        client = built;
        return built;
    }

    @PreDestroy
    void close() {
        KubernetesClient built = client;
        if (built != null) {
            built.close();
        }
    }
}
