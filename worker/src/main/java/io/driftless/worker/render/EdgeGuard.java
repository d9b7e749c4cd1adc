package io.driftless.worker.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;

/**
 * What puts a preview behind {@code GET /edge/check} (ADR 0010): ingress-nginx's external-auth annotations on
 * each preview Ingress of an environment whose effective {@code access} is not {@code public}. A public
 * environment has no guard, and its objects are rendered exactly as before.
 *
 * <p>The annotations are policy, not spec: they are not in the spec hash, drift detection does not compare
 * them ({@link #KEYS}), and the Router brings them to the current policy on every ROUTE job.
 *
 * @param serviceHost the cluster DNS name of Driftless's api Service, which ingress-nginx asks
 * @param servicePort that Service's port
 * @param publicUrl   Driftless's public URL, where browsers sign in
 */
public record EdgeGuard(String serviceHost, int servicePort, String publicUrl) {

    public static final String AUTH_URL = "nginx.ingress.kubernetes.io/auth-url";
    public static final String AUTH_SIGNIN = "nginx.ingress.kubernetes.io/auth-signin";
    /** The annotations a guard sets; nothing else on a preview Ingress ever depends on policy. */
    public static final Set<String> KEYS = Set.of(AUTH_URL, AUTH_SIGNIN);
    /** The path on every protected preview host that Driftless answers (sign-in and share-link callbacks). */
    public static final String EDGE_PATH = "/_driftless/";

    public EdgeGuard {
        publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    /** In-cluster, so the check never leaves the cluster nor passes a public load balancer. */
    public String checkUrl() {
        return "http://" + serviceHost + (servicePort == 80 ? "" : ":" + servicePort) + "/edge/check";
    }

    /**
     * Public: the browser goes there. {@code rd} is spelled out in nginx variables so the browser comes back to
     * the exact URL it asked for ({@code $escaped_request_uri} keeps the query in one parameter).
     */
    public String signinUrl() {
        return publicUrl + "/edge/signin?rd=$scheme://$host$escaped_request_uri";
    }

    public Map<String, String> annotations() {
        return new TreeMap<>(Map.of(AUTH_URL, checkUrl(), AUTH_SIGNIN, signinUrl()));
    }

    /** {@code ingress} with this guard's annotations, its own kept. */
    public Ingress protect(Ingress ingress) {
        return new IngressBuilder(ingress).editMetadata().addToAnnotations(annotations()).endMetadata().build();
    }

    /** {@code objects} with every Ingress among them guarded when {@code guard} is present; else unchanged. */
    public static List<HasMetadata> protect(List<HasMetadata> objects, Optional<EdgeGuard> guard) {
        if (guard.isEmpty()) {
            return objects;
        }
        List<HasMetadata> guarded = new ArrayList<>(objects.size());
        for (HasMetadata object : objects) {
            guarded.add(object instanceof Ingress ingress ? guard.get().protect(ingress) : object);
        }
        return List.copyOf(guarded);
    }

    /**
     * The annotations {@code ingress} should carry under {@code guard}: its own without any guard key, plus the
     * guard's. Equal to the live ones when the Ingress is already as policy wants.
     */
    public static Map<String, String> wanted(Ingress ingress, Optional<EdgeGuard> guard) {
        Map<String, String> annotations = new TreeMap<>();
        Map<String, String> own = ingress.getMetadata().getAnnotations();
        if (own != null) {
            own.forEach((k, v) -> {
                if (!KEYS.contains(k)) {
                    annotations.put(k, v);
                }
            });
        }
        guard.ifPresent(g -> annotations.putAll(g.annotations()));
        return annotations;
    }
}
