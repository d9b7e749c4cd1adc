import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.driftless.api.naming.Names;
import io.driftless.api.spec.SealPolicy;
import io.driftless.worker.render.RenderInput;
import io.driftless.worker.render.RevisionRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The limit Driftless is measured against: a bare fabric8 client creating the same objects (the same
 * renderer, the same count, the same parallelism as one worker) directly against the same simulated
 * API server, with no database, queue or readiness tracking.
 * Usage: java -cp CLASSPATH bench/BareClient.java KUBECONFIG N PARALLELISM
 */
public class BareClient {
    public static void main(String[] args) throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(Path.of(args[0])));
        int n = Integer.parseInt(args[1]);
        int parallelism = Integer.parseInt(args[2]);
        SealPolicy seal = new SealPolicy(new SealPolicy.Quota("2", "2Gi", "4", "4Gi", 20, 10, 5),
                new SealPolicy.ContainerDefaults("100m", "128Mi", "1", "512Mi"), true,
                java.util.Map.of("kubernetes.io/metadata.name", "ingress-nginx"));
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            List<List<HasMetadata>> revisions = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String slug = Names.environmentSlug("bare/shop", "bare/shop", "bare/" + i);
                String hash = Names.sha256Hex("bare" + i + UUID.randomUUID());
                String name = Names.revisionName(slug, hash);
                revisions.add(RevisionRenderer.render(new RenderInput(UUID.randomUUID(), UUID.randomUUID(), "bare/shop",
                        "bare/" + i, "0".repeat(40), hash, name, name + ".preview.localhost",
                        "registry.example.com/shop@sha256:" + "0123456789abcdef".repeat(4), 8080, Optional.empty(),
                        seal)));
            }
            ExecutorService pool = Executors.newFixedThreadPool(parallelism);
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (List<HasMetadata> objects : revisions) {
                done.add(pool.submit(() -> objects.forEach(o -> client.resource(o).create())));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            pool.shutdown();
            System.out.println("bare fabric8: " + n + " revisions (" + revisions.get(0).size() + " objects each) in "
                    + millis + " ms");
            System.out.println("BARE_MS=" + millis);
        }
        System.exit(0); // the HTTP client's event-loop threads would keep the JVM alive
    }
}
