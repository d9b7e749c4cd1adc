package io.driftless.server.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

/**
 * A Kubernetes API server in this process: fabric8's mock server in CRUD mode. It stores, lists and
 * watches objects like a real one, but runs nothing; {@link io.driftless.server.simulated.SimulatedKubelet}
 * plays the controllers. Its objects live in memory only.
 */
public final class SimulatedCluster {

    private static final Logger LOG = Logger.getLogger(SimulatedCluster.class);

    private final KubernetesMockServer server;
    private final String url;
    private final Path kubeconfig;

    private SimulatedCluster(KubernetesMockServer server, String url, Path kubeconfig) {
        this.server = server;
        this.url = url;
        this.kubeconfig = kubeconfig;
    }

    public static SimulatedCluster start(Path dataDir, int port) throws IOException {
        MockWebServer web = new MockWebServer();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), web, new HashMap<>(),
                new SimulatedApiServer(() -> forget(web)), false);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        server.init(loopback, port);
        String url = "http://" + loopback.getHostAddress() + ":" + server.getPort();
        Path kubeconfig = dataDir.resolve("kubeconfig").toAbsolutePath();
        Files.createDirectories(dataDir);
        Files.writeString(kubeconfig, Serialization.asYaml(kubeconfig(url)));
        LOG.infof("simulated cluster API server at %s (kubeconfig: %s)", url, kubeconfig);
        return new SimulatedCluster(server, url, kubeconfig);
    }

    /** Takes the oldest recorded request off the mock server's queue (it keeps one per request received). */
    private static void forget(MockWebServer web) {
        try {
            web.takeRequest(0, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Config kubeconfig(String url) {
        return new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .addNewCluster().withName("driftless-simulated").withNewCluster().withServer(url).endCluster().endCluster()
                .addNewUser().withName("driftless").withNewUser().withToken("simulated").endUser().endUser()
                .addNewContext().withName("driftless-simulated").withNewContext()
                    .withCluster("driftless-simulated").withUser("driftless").withNamespace("default")
                .endContext().endContext()
                .withCurrentContext("driftless-simulated")
                .build();
    }

    public String url() {
        return url;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public void stop() {
        server.destroy();
        LOG.infof("simulated cluster API server at %s stopped", url);
    }
}
