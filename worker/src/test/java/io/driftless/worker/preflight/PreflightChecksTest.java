package io.driftless.worker.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.driftless.api.preflight.ClusterCheck;
import io.driftless.api.preflight.ClusterCheck.Status;
import io.driftless.worker.preflight.PreflightChecks.Answer;
import io.driftless.worker.preflight.RequiredPermissions.Permission;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClassBuilder;

class PreflightChecksTest {

    private static final Permission LIST_INGRESS_CLASSES = new Permission("list", "networking.k8s.io", "ingressclasses");
    private static final Permission GET_POD_LOGS = new Permission("get", "", "pods/log");

    private static Map<Permission, Answer> answers(Answer all) {
        Map<Permission, Answer> answers = new LinkedHashMap<>();
        RequiredPermissions.all().forEach(p -> answers.put(p, all));
        return answers;
    }

    private static IngressClass ingressClass(String name, String controller, boolean isDefault) {
        var builder = new IngressClassBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withController(controller).endSpec();
        if (isDefault) {
            builder.editMetadata().addToAnnotations(PreflightChecks.DEFAULT_CLASS, "true").endMetadata();
        }
        return builder.build();
    }

    private static Deployment controller(String... args) {
        return new DeploymentBuilder().withNewMetadata().withName("ingress-nginx-controller")
                .withNamespace("ingress-nginx").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                .addNewContainer().withName("controller").withImage("registry.k8s.io/ingress-nginx/controller:v1.12.1")
                .withArgs(args).endContainer().endSpec().endTemplate().endSpec().build();
    }

    @Test
    void everyPermissionGrantedIsOkAndCountsThem() {
        ClusterCheck check = PreflightChecks.permissions(answers(Answer.ALLOWED));

        assertThat(check.status()).isEqualTo(Status.ok);
        assertThat(check.detail()).contains("All " + RequiredPermissions.all().size() + " permissions");
    }

    @Test
    void aDeniedPermissionIsMissingAndNamedWithWhereToGrantIt() {
        Map<Permission, Answer> answers = answers(Answer.ALLOWED);
        answers.put(LIST_INGRESS_CLASSES, Answer.DENIED);
        answers.put(GET_POD_LOGS, Answer.DENIED);

        ClusterCheck check = PreflightChecks.permissions(answers);

        assertThat(check.status()).isEqualTo(Status.missing);
        assertThat(check.detail()).contains("2 of " + answers.size(), "list networking.k8s.io/ingressclasses",
                "get pods/log", "charts/driftless/templates/rbac.yaml");
        assertThat(PreflightChecks.with(answers, Answer.DENIED)).containsExactly(GET_POD_LOGS, LIST_INGRESS_CLASSES);
    }

    @Test
    void refusedReviewsAreMissingTheOnePermissionThatAsksForTheOthers() {
        ClusterCheck check = PreflightChecks.permissions(Map.of(RequiredPermissions.ASK, Answer.DENIED));

        assertThat(check.status()).isEqualTo(Status.missing);
        assertThat(check.detail()).contains("create authorization.k8s.io/selfsubjectaccessreviews",
                "no other permission could be checked");
    }

    @Test
    void reviewsAnsweredWithoutADecisionAreUnknownNotOk() {
        Map<Permission, Answer> answers = answers(Answer.UNANSWERED);

        ClusterCheck check = PreflightChecks.permissions(answers);

        assertThat(check.status()).isEqualTo(Status.unknown);
        assertThat(check.detail()).contains("without a decision", "kubectl auth can-i");
    }

    @Test
    void theSimulatedClusterSaysItsPermissionsWereNotChecked() {
        ClusterCheck check = PreflightChecks.permissionsOnSimulatedCluster();

        assertThat(check.status()).isEqualTo(Status.unknown);
        assertThat(check.detail()).startsWith("Simulated cluster: permissions not checked");
    }

    @Test
    void aConfiguredIngressClassThatExistsIsOkAndIsTheOneUsed() {
        IngressClass nginx = ingressClass("nginx", "k8s.io/ingress-nginx", false);

        var finding = PreflightChecks.ingressClass(Optional.of("nginx"),
                List.of(ingressClass("traefik", "traefik.io/ingress-controller", true), nginx));

        assertThat(finding.check().status()).isEqualTo(Status.ok);
        assertThat(finding.check().detail()).contains("IngressClass nginx", "k8s.io/ingress-nginx");
        assertThat(finding.used()).contains(nginx);
    }

    @Test
    void aConfiguredIngressClassThatDoesNotExistIsMissingAndTheOthersAreNamed() {
        var finding = PreflightChecks.ingressClass(Optional.of("nginx"),
                List.of(ingressClass("traefik", "traefik.io/ingress-controller", false)));

        assertThat(finding.check().status()).isEqualTo(Status.missing);
        assertThat(finding.check().detail()).contains("IngressClass nginx", "does not exist", "there are traefik");
        assertThat(finding.used()).isEmpty();
    }

    @Test
    void withNoClassConfiguredTheClusterDefaultIsUsedAndNoneOrSeveralDefaultsAreMissing() {
        IngressClass nginx = ingressClass("nginx", "k8s.io/ingress-nginx", true);
        var one = PreflightChecks.ingressClass(Optional.empty(),
                List.of(nginx, ingressClass("other", "example.com/other", false)));
        assertThat(one.check().status()).isEqualTo(Status.ok);
        assertThat(one.used()).contains(nginx);

        var none = PreflightChecks.ingressClass(Optional.empty(), List.of());
        assertThat(none.check().status()).isEqualTo(Status.missing);
        assertThat(none.check().detail()).contains("none exists", PreflightChecks.DEFAULT_CLASS);

        var two = PreflightChecks.ingressClass(Optional.empty(),
                List.of(nginx, ingressClass("other", "example.com/other", true)));
        assertThat(two.check().status()).isEqualTo(Status.missing);
        assertThat(two.check().detail()).contains("2 IngressClasses are marked default (nginx, other)");
    }

    @Test
    void theRoutingNamespaceIsOkWhenThereOrWhenTheWorkerMayCreateIt() {
        assertThat(PreflightChecks.routingNamespace("driftless-routing", true, Optional.empty()).status())
                .isEqualTo(Status.ok);
        assertThat(PreflightChecks.routingNamespace("driftless-routing", false, Optional.of(true)).status())
                .isEqualTo(Status.ok);
        ClusterCheck refused = PreflightChecks.routingNamespace("driftless-routing", false, Optional.of(false));
        assertThat(refused.status()).isEqualTo(Status.missing);
        assertThat(refused.detail()).contains("kubectl create namespace driftless-routing");
        assertThat(PreflightChecks.routingNamespace("driftless-routing", false, Optional.empty()).status())
                .isEqualTo(Status.unknown);
    }

    @Test
    void ingressNginxServesExternalNameBackendsUnlessItsControllerRunsWithTheFlagThatDisablesThem() {
        Optional<IngressClass> nginx = Optional.of(ingressClass("nginx", "k8s.io/ingress-nginx", false));
        String selector = "kubernetes.io/metadata.name=ingress-nginx";

        ClusterCheck serving = PreflightChecks.externalNameBackends(nginx,
                List.of(controller("/nginx-ingress-controller", "--ingress-class=nginx")), selector);
        assertThat(serving.status()).isEqualTo(Status.ok);
        assertThat(serving.detail()).contains("ingress-nginx/ingress-nginx-controller");

        ClusterCheck refusing = PreflightChecks.externalNameBackends(nginx,
                List.of(controller("/nginx-ingress-controller", "--disable-svc-external-name=true")), selector);
        assertThat(refusing.status()).isEqualTo(Status.missing);
        assertThat(refusing.detail()).contains("--disable-svc-external-name", "Remove the flag");

        assertThat(PreflightChecks.externalNameBackends(nginx,
                List.of(controller("/nginx-ingress-controller", "--disable-svc-external-name")), selector).status())
                .isEqualTo(Status.missing);
        assertThat(PreflightChecks.externalNameBackends(nginx,
                List.of(controller("/nginx-ingress-controller", "--disable-svc-external-name=false")), selector)
                .status()).isEqualTo(Status.ok);
    }

    @Test
    void externalNameBackendsAreUnknownWhereTheyCannotBeTold() {
        String selector = "kubernetes.io/metadata.name=ingress-nginx";
        ClusterCheck noController = PreflightChecks.externalNameBackends(
                Optional.of(ingressClass("nginx", "k8s.io/ingress-nginx", false)), List.of(), selector);
        assertThat(noController.status()).isEqualTo(Status.unknown);
        assertThat(noController.detail()).contains(selector, "driftless.policy.ingress-controller-namespace");

        ClusterCheck traefik = PreflightChecks.externalNameBackends(
                Optional.of(ingressClass("traefik", "traefik.io/ingress-controller", true)), List.of(), selector);
        assertThat(traefik.status()).isEqualTo(Status.unknown);
        assertThat(traefik.detail()).contains("allowExternalNameServices");

        assertThat(PreflightChecks.externalNameBackends(
                Optional.of(ingressClass("x", "example.com/other", true)), List.of(), selector).status())
                .isEqualTo(Status.unknown);
        assertThat(PreflightChecks.externalNameBackends(Optional.empty(), List.of(), selector).status())
                .isEqualTo(Status.unknown);
    }

    @Test
    void podSecurityAdmissionIsOkFrom125UnknownIn123And124AndMissingBefore() {
        assertThat(PreflightChecks.podSecurity("1", "25", "v1.25.0").status()).isEqualTo(Status.ok);
        assertThat(PreflightChecks.podSecurity("1", "30+", "v1.30.4-gke.1").status()).isEqualTo(Status.ok);
        ClusterCheck beta = PreflightChecks.podSecurity("1", "24", "v1.24.17");
        assertThat(beta.status()).isEqualTo(Status.unknown);
        assertThat(beta.detail()).contains("Kubernetes 1.24", "feature gate");
        ClusterCheck alpha = PreflightChecks.podSecurity("1", "22", "v1.22.0");
        assertThat(alpha.status()).isEqualTo(Status.missing);
        assertThat(alpha.detail()).contains("Upgrade to 1.25");
    }

    @Test
    void anUnreadableVersionIsUnknownAndTheSimulatedClusterSaysItEnforcesNothing() {
        assertThat(PreflightChecks.podSecurity("0", "0", null).status()).isEqualTo(Status.unknown);
        assertThat(PreflightChecks.podSecurity("1", "", "v1").status()).isEqualTo(Status.unknown);
        ClusterCheck simulated = PreflightChecks.podSecurityOnSimulatedCluster("v1.33.0-driftless-simulated");
        assertThat(simulated.status()).isEqualTo(Status.unknown);
        assertThat(simulated.detail()).startsWith("Simulated cluster").contains("not enforced");
    }

    @Test
    void theAskingPermissionComesFirstAndEachPermissionOnce() {
        List<Permission> all = RequiredPermissions.all();

        assertThat(all.get(0)).isEqualTo(RequiredPermissions.ASK);
        assertThat(all).doesNotHaveDuplicates().contains(GET_POD_LOGS, LIST_INGRESS_CLASSES);
        assertThat(GET_POD_LOGS.resourceName()).isEqualTo("pods");
        assertThat(GET_POD_LOGS.subresource()).isEqualTo("log");
        assertThat(LIST_INGRESS_CLASSES.subresource()).isNull();
    }
}
