package io.driftless.server.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;

class KubernetesCallTest {

    private static KubernetesCall call(String method, String uri) {
        return KubernetesCall.of(method, URI.create("https://api:6443" + uri)).orElseThrow();
    }

    @Test
    void pathsAndMethodsReadAsTheApiServerReadsThem() {
        assertThat(call("GET", "/api/v1/namespaces/r-1/pods")).isEqualTo(new KubernetesCall("list", "", "pods", true));
        assertThat(call("GET", "/api/v1/namespaces/r-1/pods/p/log?container=x"))
                .isEqualTo(new KubernetesCall("get", "", "pods/log", true));
        assertThat(call("GET", "/apis/apps/v1/deployments?labelSelector=a%3Db&watch=true&resourceVersion=1"))
                .isEqualTo(new KubernetesCall("watch", "apps", "deployments", false));
        assertThat(call("POST", "/api/v1/namespaces")).isEqualTo(new KubernetesCall("create", "", "namespaces", false));
        assertThat(call("DELETE", "/api/v1/namespaces/r-1"))
                .isEqualTo(new KubernetesCall("delete", "", "namespaces", false));
        assertThat(call("GET", "/api/v1/namespaces/r-1")).isEqualTo(new KubernetesCall("get", "", "namespaces", false));
        assertThat(call("PATCH", "/api/v1/namespaces/routing/services/alias"))
                .isEqualTo(new KubernetesCall("patch", "", "services", true));
        assertThat(call("PUT", "/apis/networking.k8s.io/v1/namespaces/r-1/ingresses/app"))
                .isEqualTo(new KubernetesCall("update", "networking.k8s.io", "ingresses", true));
        assertThat(call("DELETE", "/apis/batch/v1/namespaces/b-1/jobs"))
                .isEqualTo(new KubernetesCall("deletecollection", "batch", "jobs", true));
    }

    @Test
    void discoveryIsNotAResourceCall() {
        assertThat(KubernetesCall.of("GET", URI.create("https://api/api"))).isEmpty();
        assertThat(KubernetesCall.of("GET", URI.create("https://api/apis/apps/v1"))).isEmpty();
        assertThat(KubernetesCall.of("GET", URI.create("https://api/version"))).isEmpty();
    }

    @Test
    void aLineOfTheCallsFileReadsBack() {
        KubernetesCall call = new KubernetesCall("watch", "", "configmaps", false);
        assertThat(KubernetesCall.parse(call.line())).isEqualTo(call);
    }

    @Test
    void aRuleAllowsWhatItListsOrStars() {
        var rule = new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder().withApiGroups("")
                .withResources("pods/log").withVerbs("get").build();
        assertThat(RbacCoverageIT.allows(rule, new KubernetesCall("get", "", "pods/log", true))).isTrue();
        assertThat(RbacCoverageIT.allows(rule, new KubernetesCall("get", "", "pods", true))).as("not the parent").isFalse();
        assertThat(RbacCoverageIT.allows(rule, new KubernetesCall("list", "", "pods/log", true))).isFalse();
        var star = new io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder().withApiGroups("*")
                .withResources("*").withVerbs("get").build();
        assertThat(RbacCoverageIT.allows(star, new KubernetesCall("get", "apps", "deployments", true))).isTrue();
    }
}
