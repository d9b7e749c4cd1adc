package io.driftless.worker.preflight;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.driftless.api.preflight.ClusterCheck;
import io.driftless.worker.preflight.RequiredPermissions.Permission;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;

/**
 * What the cluster's answers mean: pure functions from what the preflight read to a {@link ClusterCheck} each,
 * tested without a server. Every detail says what was found and what to do about it; where the API cannot tell,
 * the status is {@code unknown} and the detail says why, never {@code ok}.
 */
public final class PreflightChecks {

    public static final String PERMISSIONS = "permissions";
    public static final String INGRESS_CLASS = "ingress-class";
    public static final String ROUTING_NAMESPACE = "routing-namespace";
    public static final String EXTERNAL_NAME_BACKENDS = "externalname-backends";
    public static final String POD_SECURITY = "pod-security-admission";

    /** The annotation that makes an IngressClass the one an Ingress naming none gets. */
    static final String DEFAULT_CLASS = "ingressclass.kubernetes.io/is-default-class";
    static final String INGRESS_NGINX = "k8s.io/ingress-nginx";
    static final String TRAEFIK = "traefik.io/ingress-controller";
    /** ingress-nginx's command-line flag (not a ConfigMap key) that stops it routing to ExternalName Services. */
    static final String NO_EXTERNAL_NAME = "--disable-svc-external-name";

    private static final String CHART_RBAC = "the worker's ClusterRole (charts/driftless/templates/rbac.yaml)";

    private PreflightChecks() {
    }

    /** What the API server said about one permission. */
    public enum Answer {
        ALLOWED,
        DENIED,
        /** The review came back without a decision. */
        UNANSWERED
    }

    /**
     * @param answers every required permission with its answer; when the reviews themselves are refused, only
     *                {@link RequiredPermissions#ASK} (denied)
     */
    public static ClusterCheck permissions(Map<Permission, Answer> answers) {
        List<Permission> denied = with(answers, Answer.DENIED);
        List<Permission> unanswered = with(answers, Answer.UNANSWERED);
        if (answers.size() == 1 && denied.contains(RequiredPermissions.ASK)) {
            return ClusterCheck.missing(PERMISSIONS, "The API server refuses " + RequiredPermissions.ASK
                    + ", so no other permission could be checked: grant it in " + CHART_RBAC
                    + " (Kubernetes grants it to every user through system:basic-user unless that was changed).");
        }
        if (!denied.isEmpty()) {
            return ClusterCheck.missing(PERMISSIONS, denied.size() + " of " + answers.size()
                    + " permissions the worker needs are not granted: " + names(denied) + ". Grant them in "
                    + CHART_RBAC + "; the worker is not ready until they are, and checks again every minute.");
        }
        if (!unanswered.isEmpty()) {
            return ClusterCheck.unknown(PERMISSIONS, "The API server answered " + unanswered.size() + " of "
                    + answers.size() + " access reviews without a decision (" + names(unanswered)
                    + "): it may not evaluate SelfSubjectAccessReviews. Check them by hand with kubectl auth can-i"
                    + " --as system:serviceaccount:<namespace>:<worker service account>.");
        }
        return ClusterCheck.ok(PERMISSIONS, "All " + answers.size() + " permissions of " + CHART_RBAC
                + " are granted.");
    }

    /** The simulated cluster allows every call and has no authorizer to ask. */
    public static ClusterCheck permissionsOnSimulatedCluster() {
        return ClusterCheck.unknown(PERMISSIONS, "Simulated cluster: permissions not checked. Its API server"
                + " allows every call and evaluates no SelfSubjectAccessReview; on a real cluster each of the "
                + RequiredPermissions.all().size() + " permissions of " + CHART_RBAC + " is asked for.");
    }

    /** The permissions with that answer, in the order required. */
    public static List<Permission> with(Map<Permission, Answer> answers, Answer answer) {
        return answers.entrySet().stream().filter(e -> e.getValue() == answer).map(Map.Entry::getKey).sorted()
                .toList();
    }

    /** The IngressClass check, and the class previews are served by when one can be told. */
    public record IngressClassFinding(ClusterCheck check, Optional<IngressClass> used) {
    }

    /**
     * @param configured {@code driftless.worker.ingress-class}
     * @param classes    every IngressClass of the cluster
     */
    public static IngressClassFinding ingressClass(Optional<String> configured, List<IngressClass> classes) {
        String names = classes.isEmpty() ? "none exists"
                : "there are " + classes.stream().map(c -> c.getMetadata().getName()).sorted()
                        .collect(Collectors.joining(", "));
        if (configured.isPresent()) {
            Optional<IngressClass> found = classes.stream()
                    .filter(c -> configured.get().equals(c.getMetadata().getName())).findFirst();
            if (found.isPresent()) {
                return new IngressClassFinding(ClusterCheck.ok(INGRESS_CLASS, "IngressClass " + configured.get()
                        + " (driftless.worker.ingress-class) exists, controller " + controller(found.get())
                        + "; preview Ingresses name it."), found);
            }
            return new IngressClassFinding(ClusterCheck.missing(INGRESS_CLASS, "IngressClass " + configured.get()
                    + " (driftless.worker.ingress-class) does not exist, so no controller serves the previews ("
                    + names + "). Install its ingress controller, or set driftless.worker.ingress-class to a class"
                    + " that exists."), Optional.empty());
        }
        List<IngressClass> defaults = classes.stream().filter(PreflightChecks::isDefault).toList();
        if (defaults.size() == 1) {
            IngressClass used = defaults.get(0);
            return new IngressClassFinding(ClusterCheck.ok(INGRESS_CLASS, "driftless.worker.ingress-class is unset"
                    + " and IngressClass " + used.getMetadata().getName() + " (controller " + controller(used)
                    + ") is the cluster's default, so preview Ingresses get it."), Optional.of(used));
        }
        if (defaults.size() > 1) {
            return new IngressClassFinding(ClusterCheck.missing(INGRESS_CLASS, "driftless.worker.ingress-class is"
                    + " unset and " + defaults.size() + " IngressClasses are marked default ("
                    + defaults.stream().map(c -> c.getMetadata().getName()).sorted().collect(Collectors.joining(", "))
                    + "): Kubernetes refuses an Ingress that names no class then. Set driftless.worker.ingress-class"
                    + " (the chart's worker.previewIngressClassName), or leave one default."), Optional.empty());
        }
        return new IngressClassFinding(ClusterCheck.missing(INGRESS_CLASS, "driftless.worker.ingress-class is unset"
                + " and no IngressClass is the cluster's default (" + names + "), so preview Ingresses may be served"
                + " by no controller. Set driftless.worker.ingress-class (the chart's worker.previewIngressClassName)"
                + " or mark a class default with the annotation " + DEFAULT_CLASS + "=true."), Optional.empty());
    }

    private static boolean isDefault(IngressClass c) {
        Map<String, String> annotations = c.getMetadata().getAnnotations();
        return annotations != null && "true".equals(annotations.get(DEFAULT_CLASS));
    }

    private static String controller(IngressClass c) {
        return c.getSpec() == null || c.getSpec().getController() == null ? "unnamed" : c.getSpec().getController();
    }

    /**
     * @param mayCreate whether the worker may create namespaces; empty when that is not known
     */
    public static ClusterCheck routingNamespace(String name, boolean exists, Optional<Boolean> mayCreate) {
        if (exists) {
            return ClusterCheck.ok(ROUTING_NAMESPACE, "Namespace " + name + " (driftless.worker.routing-namespace)"
                    + " exists: the stable URLs' alias Services and Ingresses live there.");
        }
        String absent = "Namespace " + name + " (driftless.worker.routing-namespace) does not exist yet";
        if (mayCreate.isEmpty()) {
            return ClusterCheck.unknown(ROUTING_NAMESPACE, absent + "; the worker creates it with the first stable"
                    + " URL if it may create namespaces, which was not checked. Or create it: kubectl create namespace "
                    + name + ".");
        }
        if (mayCreate.get()) {
            return ClusterCheck.ok(ROUTING_NAMESPACE, absent + "; the worker creates it with the first stable URL"
                    + " (it may create namespaces).");
        }
        return ClusterCheck.missing(ROUTING_NAMESPACE, absent + " and the worker may not create namespaces: create"
                + " it (kubectl create namespace " + name + "), or grant create namespaces.");
    }

    /**
     * Whether the ingress controller routes to Services of type ExternalName, which every stable URL (the alias)
     * and the {@code /_driftless/} routes of protected previews use. Told only for ingress-nginx, from its
     * controller's command line; anything else is {@code unknown}.
     *
     * @param used        the IngressClass previews are served by, when known
     * @param deployments the Deployments in the ingress controller's namespaces
     * @param namespaces  how those namespaces were found ({@code driftless.policy.ingress-controller-namespace})
     */
    public static ClusterCheck externalNameBackends(Optional<IngressClass> used, List<Deployment> deployments,
            String namespaces) {
        if (used.isEmpty()) {
            return ClusterCheck.unknown(EXTERNAL_NAME_BACKENDS, "No IngressClass to tell the ingress controller by"
                    + " (see " + INGRESS_CLASS + "), so whether it routes to ExternalName Services (every stable URL"
                    + " does) cannot be told.");
        }
        String controller = controller(used.get());
        if (TRAEFIK.equals(controller)) {
            return ClusterCheck.unknown(EXTERNAL_NAME_BACKENDS, "IngressClass " + used.get().getMetadata().getName()
                    + " is Traefik's, which routes to ExternalName Services only with"
                    + " providers.kubernetesIngress.allowExternalNameServices=true; Driftless does not read Traefik's"
                    + " configuration: check it, as every stable URL needs it.");
        }
        if (!INGRESS_NGINX.equals(controller)) {
            return ClusterCheck.unknown(EXTERNAL_NAME_BACKENDS, "IngressClass " + used.get().getMetadata().getName()
                    + " is served by " + controller + ", whose configuration Driftless cannot read (it can for"
                    + " ingress-nginx only): make sure it routes Ingresses to Services of type ExternalName, as every"
                    + " stable URL needs.");
        }
        List<String> found = new ArrayList<>();
        List<String> refusing = new ArrayList<>();
        for (Deployment deployment : deployments) {
            for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
                List<String> line = commandLine(container);
                if (line.stream().noneMatch(part -> part.endsWith("nginx-ingress-controller"))) {
                    continue;
                }
                String name = deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
                found.add(name);
                if (disablesExternalName(line)) {
                    refusing.add(name);
                }
            }
        }
        if (found.isEmpty()) {
            return ClusterCheck.unknown(EXTERNAL_NAME_BACKENDS, "IngressClass " + used.get().getMetadata().getName()
                    + " is ingress-nginx's, but no Deployment running nginx-ingress-controller is in the namespaces"
                    + " labelled " + namespaces + " (driftless.policy.ingress-controller-namespace), so its "
                    + NO_EXTERNAL_NAME + " flag could not be read: check that it is not set, or set that property"
                    + " to the controller's namespace.");
        }
        if (!refusing.isEmpty()) {
            return ClusterCheck.missing(EXTERNAL_NAME_BACKENDS, "ingress-nginx (" + String.join(", ", refusing)
                    + ") runs with " + NO_EXTERNAL_NAME + ", so it does not route to ExternalName Services: no stable"
                    + " URL will answer. Remove the flag from the controller's arguments.");
        }
        return ClusterCheck.ok(EXTERNAL_NAME_BACKENDS, "ingress-nginx (" + String.join(", ", found) + ") runs"
                + " without " + NO_EXTERNAL_NAME + ", so it routes to the stable URLs' ExternalName Services.");
    }

    private static List<String> commandLine(Container container) {
        List<String> line = new ArrayList<>();
        if (container.getCommand() != null) {
            line.addAll(container.getCommand());
        }
        if (container.getArgs() != null) {
            line.addAll(container.getArgs());
        }
        return line;
    }

    /** As Go's flag package reads a boolean flag: bare, or {@code =true}, {@code =1}, {@code =t} and so on. */
    static boolean disablesExternalName(List<String> commandLine) {
        boolean disabled = false;
        for (String part : commandLine) {
            String flag = part.startsWith("--") ? part : part.startsWith("-") ? "-" + part : part;
            if (flag.equals(NO_EXTERNAL_NAME)) {
                disabled = true;
            } else if (flag.startsWith(NO_EXTERNAL_NAME + "=")) {
                String value = flag.substring(NO_EXTERNAL_NAME.length() + 1);
                disabled = List.of("1", "t", "T", "true", "TRUE", "True").contains(value);
            }
        }
        return disabled;
    }

    private static final Pattern MINOR = Pattern.compile("^(\\d+)");

    /**
     * Pod Security Admission, which enforces the {@code restricted} level each revision namespace is labelled
     * with: GA and always on from Kubernetes 1.25, beta and on by default (unless its feature gate is off, which
     * the API does not show) in 1.23 and 1.24, alpha and off by default before.
     *
     * @param major      {@code /version}'s major ("1")
     * @param minor      its minor, as providers write it ("30", "28+")
     * @param gitVersion its full version, for the detail
     */
    public static ClusterCheck podSecurity(String major, String minor, String gitVersion) {
        Matcher m = MINOR.matcher(minor == null ? "" : minor);
        if (!"1".equals(major) || !m.find()) {
            return ClusterCheck.unknown(POD_SECURITY, "The API server's version (" + gitVersion + ", major " + major
                    + ", minor " + minor + ") cannot be read as Kubernetes 1.x, so whether it enforces Pod Security"
                    + " labels cannot be told: it does from Kubernetes 1.25.");
        }
        int at = Integer.parseInt(m.group(1));
        String version = "Kubernetes 1." + at + " (" + gitVersion + ")";
        if (at >= 25) {
            return ClusterCheck.ok(POD_SECURITY, version + ": Pod Security Admission is GA (from 1.25) and enforces"
                    + " the restricted level each revision namespace is labelled with.");
        }
        if (at >= 23) {
            return ClusterCheck.unknown(POD_SECURITY, version + ": Pod Security Admission is beta, on unless the"
                    + " PodSecurity feature gate was turned off, which the API does not show. Upgrade to 1.25 or"
                    + " later, or confirm the gate is on: revisions rely on the restricted level.");
        }
        return ClusterCheck.missing(POD_SECURITY, version + ": Pod Security Admission is alpha or absent and off by"
                + " default, so the restricted labels of revision namespaces are not enforced. Upgrade to 1.25 or"
                + " later.");
    }

    /** The simulated cluster stores the labels and enforces nothing: it runs no admission and no pods. */
    public static ClusterCheck podSecurityOnSimulatedCluster(String gitVersion) {
        return ClusterCheck.unknown(POD_SECURITY, "Simulated cluster (it reports " + gitVersion + "): it runs no"
                + " admission and no pods, so the Pod Security labels of revision namespaces are stored but not"
                + " enforced. A real cluster from Kubernetes 1.25 enforces them.");
    }

    private static String names(List<Permission> permissions) {
        return permissions.stream().map(Permission::toString).collect(Collectors.joining(", "));
    }
}
