package io.driftless.server.simulated;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/** {@code driftless.cluster}: simulated (default), kubeconfig (the current context) or in-cluster. */
@ConfigMapping(prefix = "driftless.cluster")
public interface SimulatedClusterConfig {

    @WithParentName
    @WithDefault("simulated")
    String mode();

    Simulated simulated();

    interface Simulated {
        /** {@code driftless.cluster.simulated.port}: the simulated API server's port; 0 picks a free one. */
        @WithDefault("0")
        int port();

        /** {@code driftless.cluster.simulated.kubelet-delay}: how long a Deployment takes to become available. */
        @WithDefault("1s")
        Duration kubeletDelay();

        /** {@code driftless.cluster.simulated.build-delay}: how long a build Job takes to push its image. */
        @WithDefault("2s")
        Duration buildDelay();

        /** Set at start: where the simulated API server listens. */
        Optional<String> url();

        /** Set at start: the kubeconfig written for it. */
        Optional<String> kubeconfig();
    }

    /** The one daemon thread a simulated controller (kubelet, builder) does its delayed work on. */
    static java.util.concurrent.ScheduledExecutorService timer(String name) {
        return java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts a simulated controller's informer without waiting for its first list ({@code inform} would
     * block Driftless's start for each): objects created meanwhile are in that list, so nothing is missed. A
     * first list that fails is tried again, as the worker's watchers do.
     */
    static <T> io.fabric8.kubernetes.client.informers.SharedIndexInformer<T> watch(
            io.fabric8.kubernetes.client.dsl.Informable<T> what,
            io.fabric8.kubernetes.client.informers.ResourceEventHandler<? super T> handler) {
        var informer = what.runnableInformer(0);
        informer.addEventHandler(handler);
        informer.exceptionHandler(io.driftless.worker.deploy.CountedReconnects::retries); // also a failed first list
        informer.start();
        return informer;
    }

    default boolean isSimulated() {
        return "simulated".equals(mode());
    }
}
