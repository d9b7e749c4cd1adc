package io.driftless.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A test profile whose Kubernetes client sees a flaky API server: a share of the write calls (create,
 * update, delete; not the simulated kubelet's status updates, not watches) answer 500, 429 with
 * Retry-After, or never answer at all (a socket that accepts and stays silent, so the client times out).
 * The 500 and 429 answers come from the test server itself, on paths the test sets up.
 */
public class FlakyCluster implements QuarkusTestProfile {

    static final double SHARE = 0.2;
    static final String FAIL_500 = "/fault/500";
    static final String FAIL_429 = "/fault/429";

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(Producer.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.kubernetes-client.request-timeout", "1500ms");
    }

    /** What was injected, by kind, so that a test can show the faults really happened. */
    static final class Faults implements Interceptor {
        final AtomicInteger serverErrors = new AtomicInteger();
        final AtomicInteger throttled = new AtomicInteger();
        final AtomicInteger timeouts = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final List<String> methods = new CopyOnWriteArrayList<>();
        volatile boolean enabled;
        private final BlackHole blackHole = new BlackHole();

        @Override
        public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            String method = request.method();
            URI uri = request.uri();
            boolean write = !method.equals("GET");
            boolean kubelet = uri.getPath().endsWith("/status");
            if (!enabled || !write || kubelet || String.valueOf(uri.getQuery()).contains("watch=")) {
                return;
            }
            calls.incrementAndGet();
            double dice = ThreadLocalRandom.current().nextDouble();
            if (dice >= SHARE) {
                return;
            }
            methods.add(method);
            if (dice < SHARE / 3) {
                serverErrors.incrementAndGet();
                builder.uri(uri.resolve(FAIL_500));
            } else if (dice < 2 * SHARE / 3) {
                throttled.incrementAndGet();
                builder.uri(uri.resolve(FAIL_429));
            } else {
                timeouts.incrementAndGet();
                builder.uri(URI.create("http://127.0.0.1:" + blackHole.port() + uri.getRawPath()));
            }
        }
    }

    /** Accepts connections and never answers. */
    static final class BlackHole {
        private final ServerSocket socket;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        BlackHole() {
            try {
                socket = new ServerSocket(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }
    }

    static final Faults FAULTS = new Faults();

    /** Replaces the extension's client (a default bean) with one that passes every call through {@link #FAULTS}. */
    @Alternative
    @ApplicationScoped
    public static class Producer {
        @Produces
        @Singleton
        KubernetesClient client(KubernetesSerialization serialization, Config config) {
            return new KubernetesClientBuilder().withKubernetesSerialization(serialization).withConfig(config)
                    .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("faults", FAULTS))
                    .build();
        }
    }
}
