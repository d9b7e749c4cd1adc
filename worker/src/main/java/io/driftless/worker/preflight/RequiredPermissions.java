package io.driftless.worker.preflight;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every permission the worker needs, as the rules of the chart's worker ClusterRole
 * ({@code charts/driftless/templates/rbac.yaml}) grant them: the preflight asks the API server for each one. The
 * chart is the source of truth; {@code RequiredPermissionsMatchChartTest} (server module, which templates the
 * chart with Helm) fails the build when the two differ, so neither can drift from the other. The ClusterRole is
 * bound cluster-wide (a ClusterRoleBinding), so each permission is asked for across all namespaces.
 *
 * <p>Written out here rather than read from the chart at run time: the chart is not in the image, and a
 * permission list that lives in the code is reviewed with the code that makes the calls.
 */
public final class RequiredPermissions {

    /** One verb on one resource of one API group ("" is the core group); a subresource as {@code pods/log}. */
    public record Permission(String verb, String group, String resource) implements Comparable<Permission> {

        private static final Comparator<Permission> ORDER = Comparator.comparing(Permission::group)
                .thenComparing(Permission::resource).thenComparing(Permission::verb);

        /** The resource without its subresource. */
        public String resourceName() {
            int slash = resource.indexOf('/');
            return slash < 0 ? resource : resource.substring(0, slash);
        }

        /** The subresource ({@code log} of {@code pods/log}), or null. */
        public String subresource() {
            int slash = resource.indexOf('/');
            return slash < 0 ? null : resource.substring(slash + 1);
        }

        /** As rbac.yaml's production-only comments name a grant: {@code create apps/deployments}, {@code get pods/log}. */
        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "" : group + "/") + resource;
        }

        @Override
        public int compareTo(Permission other) {
            return ORDER.compare(this, other);
        }
    }

    /** One rule of the ClusterRole, as written there. */
    record Rule(List<String> groups, List<String> resources, List<String> verbs) {
    }

    private static final List<String> ALL_BUT_PATCH = List.of("get", "list", "watch", "create", "update", "delete");
    private static final List<String> ALL = List.of("get", "list", "watch", "create", "update", "patch", "delete");

    /** In rbac.yaml's order; the comments there say why each is needed. */
    static final List<Rule> RULES = List.of(
            new Rule(List.of(""), List.of("namespaces", "serviceaccounts", "resourcequotas", "limitranges"),
                    ALL_BUT_PATCH),
            new Rule(List.of(""), List.of("services"), ALL),
            new Rule(List.of(""), List.of("configmaps"), List.of("list", "watch", "delete")),
            new Rule(List.of("apps"), List.of("deployments"), ALL),
            new Rule(List.of("networking.k8s.io"), List.of("ingresses", "networkpolicies"), ALL_BUT_PATCH),
            new Rule(List.of("networking.k8s.io"), List.of("ingressclasses"), List.of("list")),
            new Rule(List.of(""), List.of("persistentvolumeclaims"), List.of("list", "create")),
            new Rule(List.of("batch"), List.of("jobs"), List.of("get", "list", "watch", "create", "delete")),
            new Rule(List.of(""), List.of("pods"), List.of("list", "watch")),
            new Rule(List.of(""), List.of("pods/log"), List.of("get")),
            new Rule(List.of(""), List.of("secrets"), List.of("create")),
            new Rule(List.of("authorization.k8s.io"), List.of("selfsubjectaccessreviews"), List.of("create")));

    /** The permission the preflight itself needs to ask for the others. */
    public static final Permission ASK = new Permission("create", "authorization.k8s.io", "selfsubjectaccessreviews");

    private RequiredPermissions() {
    }

    /** Every permission, each once, sorted by group, resource and verb; {@link #ASK} first, as it is asked first. */
    public static List<Permission> all() {
        List<Permission> all = new ArrayList<>(expand(RULES).stream().distinct().sorted().toList());
        all.remove(ASK);
        all.add(0, ASK);
        return List.copyOf(all);
    }

    /** Rules as the permissions they grant (group × resource × verb). */
    static List<Permission> expand(List<Rule> rules) {
        List<Permission> permissions = new ArrayList<>();
        for (Rule rule : rules) {
            for (String group : rule.groups()) {
                for (String resource : rule.resources()) {
                    for (String verb : rule.verbs()) {
                        permissions.add(new Permission(verb, group, resource));
                    }
                }
            }
        }
        return permissions;
    }
}
