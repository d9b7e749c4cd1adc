package io.driftless.charts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;

import io.driftless.schemas.KubernetesSchemas;

/**
 * Every object the chart installs, with the default values and with every optional feature on, is one the API
 * server of the pinned Kubernetes version accepts as far as its OpenAPI schema says ({@link KubernetesSchemas}),
 * and the ServiceMonitor and PodMonitor as far as the Prometheus Operator's CRD schema says. The documents are
 * checked as Helm prints them, not through a typed model that could drop or fix a field.
 */
class ChartSchemaTest {

    private static final Path CHART = Paths.get(System.getProperty("basedir", ".")).resolve("driftless")
            .toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Every optional feature of values.yaml on, with representative values for each. */
    private static final String EVERYTHING_ON = """
            api:
              replicaCount: 3
              resources: {requests: {cpu: 250m, memory: 512Mi}, limits: {memory: 1Gi}}
            worker:
              replicaCount: 2
              previewIngressClassName: nginx
            image:
              repository: registry.acme.test/driftless
              digest: sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
              pullPolicy: Always
            publicUrl: https://driftless.acme.test
            secrets:
              existingSecret: driftless-secrets
            build:
              registry: ghcr.io/acme/previews
              existingSecret: driftless-build
              timeout: 45m
            extraEnv:
              - name: DRIFTLESS_URLS_SCHEME
                value: https
              - name: POD_NAME
                valueFrom: {fieldRef: {fieldPath: metadata.name}}
            podAnnotations:
              acme.test/team: platform
            service:
              port: 8080
            ingress:
              enabled: true
              className: nginx
              annotations: {cert-manager.io/cluster-issuer: letsencrypt}
              host: driftless.acme.test
              tls:
                - secretName: driftless-tls
                  hosts: [driftless.acme.test]
            networkPolicy:
              enabled: true
              apiFrom:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}
                - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
              egress:
                - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: db}}}]
                  ports: [{port: 5432, protocol: TCP}]
                - ports: [{port: https}]
            metrics:
              serviceMonitor:
                enabled: true
                interval: 15s
                labels: {release: prometheus}
                tokenSecret: {name: prometheus-token, key: token}
              dashboard:
                enabled: true
            tracing:
              enabled: true
              endpoint: http://otel-collector.observability:4317
            """;

    @TempDir
    Path tmp;

    @Test
    void everyObjectOfTheDefaultInstallIsValid() {
        List<JsonNode> objects = render(t -> t);

        assertThat(kinds(objects)).contains("Deployment", "Service", "ServiceAccount", "ClusterRole",
                "ClusterRoleBinding", "NetworkPolicy", "PodDisruptionBudget");
        KubernetesSchemas.assertValidDocuments(objects);
    }

    @Test
    void everyObjectIsValidWithEveryOptionalFeatureOn() throws IOException {
        Path values = tmp.resolve("everything.yaml");
        Files.writeString(values, EVERYTHING_ON);

        List<JsonNode> objects = render(t -> t.withValuesFile(values));

        assertThat(kinds(objects)).contains("Ingress", "ServiceMonitor", "PodMonitor", "ConfigMap",
                "PodDisruptionBudget", "NetworkPolicy");
        assertThat(objects.stream().filter(o -> o.path("kind").asText().equals("PodDisruptionBudget"))).hasSize(2);
        KubernetesSchemas.assertValidDocuments(objects);
    }

    private static List<String> kinds(List<JsonNode> objects) {
        return objects.stream().map(o -> o.path("kind").asText()).distinct().toList();
    }

    /** Templates the chart (tests included) with a database url plus {@code values}; each document as JSON. */
    private static List<JsonNode> render(UnaryOperator<TemplateCommand> values) {
        TemplateCommand template = new Helm(CHART).template().withName("dl").withNamespace("driftless-system")
                .set("database.url", "jdbc:postgresql://postgres.db:5432/driftless");
        List<JsonNode> objects = new ArrayList<>();
        for (String document : values.apply(template).call().split("(?m)^---\\s*$")) {
            try {
                JsonNode object = YAML.readTree(document);
                if (object != null && !object.isMissingNode() && !object.isNull()) {
                    objects.add(object);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return objects;
    }
}
