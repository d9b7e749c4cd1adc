package io.driftless.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A newcomer looks at the simulated cluster with Debian's kubectl and {@code data/kubeconfig}: get,
 * describe, edit and delete work as against a real API server. Skips where kubectl is missing, except
 * under CI=true, which installs it.
 */
class SimulatedClusterKubectlTest {

    /** Debian's kubectl; another one with -Ddriftless.kubectl=/path/to/kubectl. */
    static final Path KUBECTL = Path.of(System.getProperty("driftless.kubectl", "/usr/bin/kubectl"));
    static final String NS = "r-1234abcd--main--shop-0123456789";

    static Path dataDir;
    static SimulatedCluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void startTheSimulatedCluster() throws IOException {
        if (!Files.isExecutable(KUBECTL)) {
            String message = "kubectl is not installed at " + KUBECTL;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message + "; CI must install it (Debian package kubernetes-client)");
            }
            Assumptions.abort(message + "; skipped outside CI");
        }
        dataDir = Files.createTempDirectory("driftless-kubectl-");
        cluster = SimulatedCluster.start(dataDir, 0);
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(cluster.kubeconfig())))
                .build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS)
                .addToLabels("app.kubernetes.io/managed-by", "driftless").endMetadata().build()).create();
        client.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder()
                .withNewMetadata().withName("app").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "shop").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "shop").endMetadata()
                        .withNewSpec().addNewContainer().withName("app").withImage("shop:1")
                            .addNewPort().withContainerPort(8080).withName("http").endPort().endContainer()
                        .endSpec().endTemplate()
                .endSpec().build()).create();
        client.network().v1().networkPolicies().inNamespace(NS).resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("default-deny").endMetadata()
                .withNewSpec().withNewPodSelector().endPodSelector().withPolicyTypes("Ingress", "Egress").endSpec()
                .build()).create();
    }

    @AfterAll
    static void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.stop();
        }
        if (dataDir != null) {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    record Run(int exit, String out) {
    }

    static Run kubectl(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", cluster.kubeconfig().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl ended").isTrue();
        return new Run(process.exitValue(), out);
    }

    static Run kubectl(String... args) throws Exception {
        return kubectl(Map.of(), args);
    }

    @Test
    void getListsNamespacesAndTheKindsDriftlessCreates() throws Exception {
        Run namespaces = kubectl("get", "namespaces");
        assertThat(namespaces.exit()).as(namespaces.out()).isZero();
        assertThat(namespaces.out()).contains(NS);

        Run all = kubectl("get", "deployments,services,ingresses", "-A", "-o", "name");
        assertThat(all.exit()).as(all.out()).isZero();
        assertThat(all.out()).contains("deployment.apps/app");

        Run policies = kubectl("get", "networkpolicies", "-n", NS);
        assertThat(policies.exit()).as(policies.out()).isZero();
        assertThat(policies.out()).contains("default-deny");
    }

    @Test
    void describeShowsAnObject() throws Exception {
        Run described = kubectl("describe", "deployment", "app", "-n", NS);

        assertThat(described.exit()).as(described.out()).isZero();
        assertThat(described.out()).contains("Name:               app").contains("Namespace:          " + NS)
                .contains("Image:").contains("8080");
    }

    @Test
    void editChangesOneFieldAndKeepsTheRest() throws Exception {
        Path editor = Files.writeString(dataDir.resolve("editor.sh"), "#!/bin/sh\nsed -i 's/image: shop:1/image: shop:2/' \"$1\"\n");
        editor.toFile().setExecutable(true);

        Run edited = kubectl(Map.of("KUBE_EDITOR", editor.toString()), "edit", "deployment", "app", "-n", NS);

        assertThat(edited.exit()).as(edited.out()).isZero();
        var container = client.apps().deployments().inNamespace(NS).withName("app").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("shop:2");
        assertThat(container.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
    }

    @Test
    void deleteRemovesAnObject() throws Exception {
        client.network().v1().networkPolicies().inNamespace(NS).resource(new NetworkPolicyBuilder()
                .withNewMetadata().withName("doomed").endMetadata().withNewSpec().withNewPodSelector().endPodSelector()
                .endSpec().build()).create();

        Run deleted = kubectl("delete", "networkpolicy", "doomed", "-n", NS);

        assertThat(deleted.exit()).as(deleted.out()).isZero();
        assertThat(client.network().v1().networkPolicies().inNamespace(NS).withName("doomed").get()).isNull();
    }
}
