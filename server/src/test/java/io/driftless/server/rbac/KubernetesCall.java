package io.driftless.server.rbac;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One request to the Kubernetes API as RBAC sees it: verb, API group, resource (with its subresource,
 * {@code pods/log}) and whether it names a namespace. Discovery ({@code /api}, {@code /apis/...} without a
 * resource, {@code /version}) is empty: every authenticated caller may do it.
 *
 * <p>Hand-written: the API server's request-info parsing is Go code with no Java counterpart; this follows
 * its rules for the paths a client sends (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go).
 */
public record KubernetesCall(String verb, String group, String resource, boolean namespaced) {

    public static Optional<KubernetesCall> of(String method, URI uri) {
        List<String> parts = List.of(uri.getPath().replaceAll("^/+|/+$", "").split("/"));
        int at;
        String group;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            at = 2; // api/v1/...
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            at = 3; // apis/<group>/<version>/...
        } else {
            return Optional.empty();
        }
        List<String> rest = parts.subList(at, parts.size());
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        boolean namespaced = false;
        // namespaces/<ns>/<resource>...; namespaces and namespaces/<name> alone are the namespace resource
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            namespaced = true;
            rest = rest.subList(2, rest.size());
        }
        String resource = rest.get(0);
        boolean named = rest.size() >= 2;
        if (rest.size() >= 3) {
            resource = resource + "/" + rest.get(2);
        }
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        boolean watch = List.of(query.split("&")).contains("watch=true");
        String verb = switch (method.toUpperCase(java.util.Locale.ROOT)) {
            case "GET", "HEAD" -> watch ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("no RBAC verb for " + method + " " + uri);
        };
        return Optional.of(new KubernetesCall(verb, group, resource, namespaced));
    }

    /** One line of the calls file: {@code verb group resource namespaced|cluster} (group "-" for core). */
    public String line() {
        return verb + " " + (group.isEmpty() ? "-" : group) + " " + resource + " " + (namespaced ? "namespaced" : "cluster");
    }

    public static KubernetesCall parse(String line) {
        String[] f = line.strip().split(" ");
        return new KubernetesCall(f[0], f[1].equals("-") ? "" : f[1], f[2], f[3].equals("namespaced"));
    }

    @Override
    public String toString() {
        return verb + " " + (group.isEmpty() ? "" : group + "/") + resource + (namespaced ? " (in a namespace)" : "");
    }
}
