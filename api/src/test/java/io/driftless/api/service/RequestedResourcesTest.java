package io.driftless.api.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class RequestedResourcesTest {

    private static final String LIMIT_RANGE = """
            apiVersion: v1
            kind: LimitRange
            metadata: {name: defaults}
            spec:
              limits:
              - type: Container
                defaultRequest: {cpu: 50m, memory: 64Mi}
                default: {cpu: "1", memory: 1Gi}
            """;

    @Test
    void deploymentsCountTheirContainersRequestsTimesTheirReplicas() {
        String manifests = LIMIT_RANGE + """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  template:
                    spec:
                      containers:
                      - name: web
                        resources: {requests: {cpu: 250m, memory: 128Mi}}
                      - name: sidecar
                        resources: {requests: {cpu: "0.5", memory: 1G}}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec: {ports: [{port: 80}]}
                """;

        assertThat(RequestedResources.ofDeployments(manifests))
                .isEqualTo(new RequestedResources(2 * (250 + 500), 2 * (128L * 1024 * 1024 + 1_000_000_000L)));
    }

    @Test
    void aContainerAskingForNothingGetsTheLimitRangesDefaultRequestResourceByResource() {
        String manifests = LIMIT_RANGE + """
                ---
                kind: Deployment
                metadata: {name: app}
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                      - name: app
                      - name: worker
                        resources: {requests: {memory: 256Mi}}
                """;

        assertThat(RequestedResources.ofDeployments(manifests))
                .isEqualTo(new RequestedResources(50 + 50, (64L + 256) * 1024 * 1024));
    }

    @Test
    void aPodRequestsTheLargerOfItsContainersSumAndItsLargestInitContainer() {
        String manifests = """
                kind: Deployment
                spec:
                  template:
                    spec:
                      initContainers:
                      - resources: {requests: {cpu: "2", memory: 10Mi}}
                      containers:
                      - resources: {requests: {cpu: 100m, memory: 1Gi}}
                """;

        assertThat(RequestedResources.ofDeployments(manifests)).as("no replicas field: one pod")
                .isEqualTo(new RequestedResources(2000, 1024L * 1024 * 1024));
    }

    @Test
    void aDeploymentScaledToZeroAndOtherKindsRequestNothing() {
        String manifests = """
                kind: Deployment
                spec: {replicas: 0, template: {spec: {containers: [{resources: {requests: {cpu: "1"}}}]}}}
                ---
                kind: Job
                spec: {template: {spec: {containers: [{resources: {requests: {cpu: "1"}}}]}}}
                """;

        assertThat(RequestedResources.ofDeployments(manifests)).isEqualTo(RequestedResources.NONE);
    }

    @Test
    void quantitiesReadAsKubernetesWritesThem() {
        assertThat(RequestedResources.quantity("250m")).isEqualByComparingTo("0.25");
        assertThat(RequestedResources.quantity("1.5")).isEqualByComparingTo("1.5");
        assertThat(RequestedResources.quantity("1e3")).isEqualByComparingTo("1000");
        assertThat(RequestedResources.quantity("128Mi")).isEqualByComparingTo(BigDecimal.valueOf(128L << 20));
        assertThat(RequestedResources.quantity("2Gi")).isEqualByComparingTo(BigDecimal.valueOf(2L << 30));
        assertThat(RequestedResources.quantity("500M")).isEqualByComparingTo("500000000");
        assertThat(RequestedResources.quantity("100k")).isEqualByComparingTo("100000");
    }

    @Test
    void figuresReadAsPeopleReadThem() {
        assertThat(new RequestedResources(250, 512L << 20).cpu()).isEqualTo("250m");
        assertThat(new RequestedResources(250, 512L << 20).memory()).isEqualTo("512 MiB");
        assertThat(new RequestedResources(1000, 1536L << 20).cpu()).isEqualTo("1 core");
        assertThat(new RequestedResources(1500, 1536L << 20).cpu()).isEqualTo("1.5 cores");
        assertThat(new RequestedResources(1500, 1536L << 20).memory()).isEqualTo("1.5 GiB");
        assertThat(RequestedResources.NONE.cpu()).isEqualTo("0");
        assertThat(RequestedResources.NONE.memory()).isEqualTo("0");
    }
}
