package io.driftless.server.rbac;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * In the flow tests, Driftless's Kubernetes client (Quarkus's default bean, replaced here) notes every
 * call it makes as RBAC sees it, and each app writes them to {@code target/kubernetes-calls.txt} when it
 * stops (the file is started afresh by the first app of the test JVM). {@link RbacCoverageIT} then holds
 * them against the chart's rules. The simulated cluster's own actors use a client of their own and are not
 * recorded; neither is the tests' client of the test server.
 */
@ApplicationScoped
public class RecordingKubernetesClient {

    static final Path CALLS = Path.of("target", "kubernetes-calls.txt");
    /** JVM-wide (each Quarkus app of the run loads this class afresh): the first app to stop starts the file. */
    private static final String STARTED = "driftless.rbac.calls.started";

    private final Set<String> calls = ConcurrentHashMap.newKeySet();
    private volatile KubernetesClient client;
    private volatile KubernetesClient admin;

    @Produces
    @Singleton
    KubernetesClient client(Config config, KubernetesSerialization serialization) {
        Interceptor recorder = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
                KubernetesCall.of(request.method(), request.uri()).ifPresent(call -> calls.add(call.line()));
            }
        };
        KubernetesClient built = new KubernetesClientBuilder().withKubernetesSerialization(serialization)
                .withConfig(config).withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("rbac-calls", recorder))
                .build();
        client = built;
        return built;
    }

    /** Unrecorded: for the tests themselves ({@link ClusterAdmin}). */
    @Produces
    @Singleton
    @ClusterAdmin
    KubernetesClient admin(Config config, KubernetesSerialization serialization) {
        KubernetesClient built = new KubernetesClientBuilder().withKubernetesSerialization(serialization)
                .withConfig(config).build();
        admin = built;
        return built;
    }

    @PreDestroy
    void write() {
        try {
            Files.createDirectories(CALLS.getParent());
            synchronized (System.class) {
                if (System.getProperty(STARTED) == null) {
                    System.setProperty(STARTED, "true");
                    Files.deleteIfExists(CALLS);
                }
            }
            Files.write(CALLS, new TreeSet<>(calls), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (KubernetesClient built : new KubernetesClient[] { client, admin }) {
                if (built != null) {
                    built.close();
                }
            }
        }
    }
}
