package io.driftless.worker.preflight;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.driftless.api.config.PolicyConfig;
import io.driftless.api.config.RolesConfig;
import io.driftless.api.preflight.ClusterCheck;
import io.driftless.api.preflight.ClusterReport;
import io.driftless.api.preflight.ClusterReports;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.deploy.WorkerIdentity;
import io.driftless.worker.preflight.PreflightChecks.Answer;
import io.driftless.worker.preflight.PreflightChecks.IngressClassFinding;
import io.driftless.worker.preflight.RequiredPermissions.Permission;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import io.quarkus.scheduler.Scheduled;

/**
 * The preflight: what the worker needs from its cluster and whether it has it. A chain of checks (permissions →
 * ingress class → routing namespace → ExternalName backends → Pod Security), each read from the API and judged
 * by {@link PreflightChecks}; the report is stored for the API and the pages ({@link ClusterReports}) and kept
 * for the readiness check. Runs at a worker's start and every {@code driftless.worker.preflight-interval}, so
 * fixing the RBAC makes the worker ready without a restart.
 */
@ApplicationScoped
public class Preflight {

    private static final Logger LOG = Logger.getLogger(Preflight.class);

    /** The newest report, and the permissions it found refused (empty where none were checked). */
    public record Result(ClusterReport report, List<Permission> refused) {
    }

    private final KubernetesClient client;
    private final WorkerConfig config;
    private final PolicyConfig policy;
    private final ClusterReports reports;
    private final RolesConfig roles;
    private final WorkerIdentity identity;
    private final InstantSource clock;
    private final boolean simulated;
    private volatile Result latest;

    public Preflight(KubernetesClient client, WorkerConfig config, PolicyConfig policy, ClusterReports reports,
            RolesConfig roles, WorkerIdentity identity, InstantSource clock,
            @ConfigProperty(name = "driftless.cluster", defaultValue = "simulated") String cluster) {
        this.client = client;
        this.config = config;
        this.policy = policy;
        this.reports = reports;
        this.roles = roles;
        this.identity = identity;
        this.clock = clock;
        this.simulated = "simulated".equals(cluster);
    }

    @Scheduled(every = "${driftless.worker.preflight-interval:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void everyInterval() {
        if (roles.has(RolesConfig.Role.worker)) {
            try {
                run();
            } catch (RuntimeException e) {
                LOG.warnf("the preflight could not run, trying again at the next tick: %s", e.getMessage());
            }
        }
    }

    /** Whether the cluster is the simulated one, whose API server allows everything and evaluates nothing. */
    public boolean simulated() {
        return simulated;
    }

    /** The newest result; empty until the first check ends. */
    public Optional<Result> latest() {
        return Optional.ofNullable(latest);
    }

    /** Checks everything now, stores the report, and logs what changed since the last one. */
    public synchronized Result run() {
        Permissions permissions = simulated ? new Permissions(PreflightChecks.permissionsOnSimulatedCluster(), Map.of())
                : permissions();
        IngressClassFinding ingress = ingressClass();
        List<ClusterCheck> checks = List.of(permissions.check(), ingress.check(),
                routingNamespace(permissions.answer(new Permission("create", "", "namespaces"))),
                externalNameBackends(ingress.used()), podSecurity());
        if (simulated) {
            checks = checks.stream().map(Preflight::onSimulatedCluster).toList();
        }
        Result result = new Result(new ClusterReport(clock.instant(), identity.id(), checks),
                PreflightChecks.with(permissions.answers(), Answer.DENIED));
        log(latest, result);
        latest = result;
        reports.save(result.report());
        return result;
    }

    /** Every finding on the simulated cluster says where it was made. */
    private static ClusterCheck onSimulatedCluster(ClusterCheck check) {
        return check.detail().startsWith("Simulated cluster") ? check
                : new ClusterCheck(check.name(), check.status(), "Simulated cluster: " + check.detail());
    }

    /** The permissions check and the answers it was made of (none where none were asked for). */
    private record Permissions(ClusterCheck check, Map<Permission, Answer> answers) {

        /** Whether one permission is granted; empty when not known. */
        Optional<Boolean> answer(Permission permission) {
            Answer answer = answers.get(permission);
            return answer == null || answer == Answer.UNANSWERED ? Optional.empty()
                    : Optional.of(answer == Answer.ALLOWED);
        }
    }

    private Permissions permissions() {
        try {
            Map<Permission, Answer> answers = answers();
            return new Permissions(PreflightChecks.permissions(answers), answers);
        } catch (KubernetesClientException e) {
            return new Permissions(unreadable(PreflightChecks.PERMISSIONS, "ask for the permissions", e), Map.of());
        }
    }

    private IngressClassFinding ingressClass() {
        try {
            return PreflightChecks.ingressClass(config.ingressClass(),
                    client.network().v1().ingressClasses().list().getItems());
        } catch (KubernetesClientException e) {
            return new IngressClassFinding(unreadable(PreflightChecks.INGRESS_CLASS, "list IngressClasses", e),
                    Optional.empty());
        }
    }

    private ClusterCheck routingNamespace(Optional<Boolean> mayCreate) {
        String routing = config.routingNamespace();
        return ask(PreflightChecks.ROUTING_NAMESPACE, "get namespace " + routing, () -> PreflightChecks
                .routingNamespace(routing, client.namespaces().withName(routing).get() != null, mayCreate));
    }

    private ClusterCheck externalNameBackends(Optional<IngressClass> used) {
        return ask(PreflightChecks.EXTERNAL_NAME_BACKENDS, "read the ingress controller's Deployments",
                () -> PreflightChecks.externalNameBackends(used, used.isPresent() ? controllerDeployments() : List.of(),
                        policy.ingressControllerNamespace()));
    }

    private ClusterCheck podSecurity() {
        return ask(PreflightChecks.POD_SECURITY, "read the API server's version", () -> {
            VersionInfo version = client.getKubernetesVersion();
            return simulated ? PreflightChecks.podSecurityOnSimulatedCluster(version.getGitVersion())
                    : PreflightChecks.podSecurity(version.getMajor(), version.getMinor(), version.getGitVersion());
        });
    }

    /** One review per permission; a refused review of its own is the answer for all of them. */
    private Map<Permission, Answer> answers() {
        Map<Permission, Answer> answers = new LinkedHashMap<>();
        for (Permission permission : RequiredPermissions.all()) {
            SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder().withNewSpec()
                    .withNewResourceAttributes().withVerb(permission.verb()).withGroup(permission.group())
                    .withResource(permission.resourceName()).withSubresource(permission.subresource())
                    .endResourceAttributes().endSpec().build();
            SelfSubjectAccessReview answered;
            try {
                answered = client.authorization().v1().selfSubjectAccessReview().create(review);
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403 && permission.equals(RequiredPermissions.ASK)) {
                    return Map.of(RequiredPermissions.ASK, Answer.DENIED);
                }
                throw e;
            }
            Boolean allowed = answered == null || answered.getStatus() == null ? null
                    : answered.getStatus().getAllowed();
            answers.put(permission, allowed == null ? Answer.UNANSWERED : allowed ? Answer.ALLOWED : Answer.DENIED);
        }
        return answers;
    }

    /** The Deployments in the namespaces whose pods may reach previews: where the ingress controller runs. */
    private List<Deployment> controllerDeployments() {
        List<Deployment> deployments = new ArrayList<>();
        client.namespaces().withLabels(policy.seal(false).ingressControllerNamespace()).list().getItems()
                .forEach(ns -> deployments.addAll(client.apps().deployments().inNamespace(ns.getMetadata().getName())
                        .list().getItems()));
        return deployments;
    }

    /** A check whose reading failed is unknown, saying what could not be read and why. */
    private static ClusterCheck ask(String name, String what, Supplier<ClusterCheck> check) {
        try {
            return check.get();
        } catch (KubernetesClientException e) {
            return unreadable(name, what, e);
        }
    }

    private static ClusterCheck unreadable(String name, String what, KubernetesClientException e) {
        return ClusterCheck.unknown(name, "Could not " + what + " (" + (e.getCode() > 0 ? "HTTP " + e.getCode() + ": "
                : "") + e.getMessage() + "); trying again at the next check.");
    }

    /**
     * One line when the refused permissions change, and one per other check whose finding changed. On the
     * simulated cluster a finding is no warning: nothing there is to be fixed by whoever reads the log.
     */
    private void log(Result before, Result now) {
        List<Permission> was = before == null ? List.of() : before.refused();
        if (!now.refused().equals(was)) {
            if (now.refused().isEmpty()) {
                LOG.infof("preflight: every permission the worker needs is granted now");
            } else {
                LOG.errorf("preflight: the worker is not ready: missing permission(s) %s; grant them in the worker's"
                        + " ClusterRole (charts/driftless/templates/rbac.yaml)", now.refused().stream()
                                .map(Permission::toString).collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        for (ClusterCheck check : now.report().checks()) {
            Optional<ClusterCheck> earlier = before == null ? Optional.empty()
                    : before.report().checks().stream().filter(c -> c.name().equals(check.name())).findFirst();
            if (earlier.map(c -> c.status() != check.status()).orElse(true)
                    && !PreflightChecks.PERMISSIONS.equals(check.name())) {
                if (check.status() == ClusterCheck.Status.ok || simulated) {
                    LOG.infof("preflight: %s %s: %s", check.name(), check.status(), check.detail());
                } else {
                    LOG.warnf("preflight: %s %s: %s", check.name(), check.status(), check.detail());
                }
            }
        }
    }
}
