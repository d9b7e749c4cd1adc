package io.driftless.server.embedded;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's CRUD API server, plus the discovery documents a real API server serves ({@code /api},
 * {@code /api/v1}, {@code /apis}, {@code /apis/<group>/<version>}, {@code /version}) for the kinds
 * Driftless uses and a few a person looks for. The CRUD server answers them with an empty List, so
 * kubectl could not map {@code get namespaces} to a path; with these, {@code kubectl get},
 * {@code describe}, {@code edit} and {@code delete} work against {@code data/kubeconfig}.
 *
 * <p>Written here because the mock server has no discovery of its own; the documents are built with
 * fabric8's model classes from one table of kinds.
 */
public final class SimulatedApiServer extends KubernetesCrudDispatcher {

    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    /** One kind served: its group/version, plural, kind, scope and short names. */
    record Kind(String groupVersion, String plural, String singular, String kind, boolean namespaced,
            List<String> shortNames) {

        APIResource resource() {
            return new APIResourceBuilder().withName(plural).withSingularName(singular).withKind(kind)
                    .withNamespaced(namespaced).withVerbs(VERBS).withShortNames(shortNames).build();
        }
    }

    static final List<Kind> KINDS = List.of(
            new Kind("v1", "namespaces", "namespace", "Namespace", false, List.of("ns")),
            new Kind("v1", "services", "service", "Service", true, List.of("svc")),
            new Kind("v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa")),
            new Kind("v1", "configmaps", "configmap", "ConfigMap", true, List.of("cm")),
            new Kind("v1", "secrets", "secret", "Secret", true, List.of()),
            new Kind("v1", "resourcequotas", "resourcequota", "ResourceQuota", true, List.of("quota")),
            new Kind("v1", "limitranges", "limitrange", "LimitRange", true, List.of("limits")),
            new Kind("v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true,
                    List.of("pvc")),
            new Kind("v1", "pods", "pod", "Pod", true, List.of("po")),
            new Kind("v1", "events", "event", "Event", true, List.of("ev")),
            new Kind("apps/v1", "deployments", "deployment", "Deployment", true, List.of("deploy")),
            new Kind("apps/v1", "statefulsets", "statefulset", "StatefulSet", true, List.of("sts")),
            new Kind("batch/v1", "jobs", "job", "Job", true, List.of()),
            new Kind("networking.k8s.io/v1", "ingresses", "ingress", "Ingress", true, List.of("ing")),
            new Kind("networking.k8s.io/v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true,
                    List.of("netpol")));

    private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

    private static final String OPENAPI_V2_PROTOBUF = "application/octet-stream";
    /** gnostic's openapi_v2.Document {swagger: "2.0", info: {title, version}}, protobuf-encoded by hand. */
    private static final byte[] OPENAPI_V2 = openApiV2();

    private final Map<String, String> documents = documents();
    private final Runnable forgetRequest;

    /**
     * @param forgetRequest drops the copy of a request the mock server keeps: it records every request it
     *     receives (for tests' {@code takeRequest}), with its body, and a long-running process would hold
     *     them all
     */
    SimulatedApiServer(Runnable forgetRequest) {
        this.forgetRequest = forgetRequest;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        forgetRequest.run();
        String path = request.getPath();
        int query = path.indexOf('?');
        if ("GET".equals(request.getMethod())) {
            if (path.startsWith("/openapi/v2") || path.startsWith("/swagger")) {
                // older kubectl reads only this one, and only as protobuf: a document with no definitions,
                // so that it skips client-side validation (it validates only kinds it finds)
                return new MockResponse().setResponseCode(200).addHeader("Content-Type", OPENAPI_V2_PROTOBUF)
                        .setBody(new Buffer(OPENAPI_V2));
            }
            String document = documents.get(query < 0 ? path : path.substring(0, query));
            if (document != null) {
                return json(new MockResponse().setResponseCode(200).setBody(document));
            }
        }
        if ("PATCH".equals(request.getMethod()) && String.valueOf(request.getHeader("Content-Type"))
                .startsWith(STRATEGIC_MERGE_PATCH)) {
            return json(strategicMergePatch(request, query < 0 ? path : path.substring(0, query)));
        }
        return json(super.dispatch(request));
    }

    /**
     * The CRUD server sends no Content-Type; kubectl then reads JSON as protobuf and fails. Every answer
     * that is not a WebSocket upgrade is JSON.
     */
    private static MockResponse json(MockResponse response) {
        if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
            response.addHeader("Content-Type", "application/json");
        }
        return response;
    }

    /** Applies the patch to the stored object and stores the result as an update would (a PUT). */
    private MockResponse strategicMergePatch(RecordedRequest request, String path) {
        MockResponse current = super.handleGet(path);
        if (current.code() != 200) {
            return current;
        }
        try {
            var mapper = Serialization.jsonMapper();
            var merged = StrategicMergePatch.apply(mapper.readTree(current.getBody().readUtf8()),
                    mapper.readTree(request.getUtf8Body()));
            String body = mapper.writeValueAsString(merged);
            return super.handleUpdate(new RecordedRequest("PUT " + path + " HTTP/1.1", HttpMethod.PUT, path,
                    Headers.builder().add("Content-Type", "application/json").build(),
                    new Buffer(body.getBytes(StandardCharsets.UTF_8))));
        } catch (java.io.IOException | RuntimeException e) {
            return new MockResponse().setResponseCode(422).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                    + "\"status\":\"Failure\",\"reason\":\"Invalid\",\"code\":422,\"message\":"
                    + mapperQuote(e.getMessage()) + "}");
        }
    }

    private static String mapperQuote(String text) {
        try {
            return Serialization.jsonMapper().writeValueAsString(String.valueOf(text));
        } catch (java.io.IOException e) {
            return "\"invalid patch\"";
        }
    }

    private static byte[] openApiV2() {
        byte[] title = "Driftless simulated cluster".getBytes(StandardCharsets.UTF_8);
        byte[] version = "v1.33.0".getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream info = new java.io.ByteArrayOutputStream();
        info.write(0x0A); // Info.title = 1, length-delimited
        info.write(title.length);
        info.writeBytes(title);
        info.write(0x12); // Info.version = 2
        info.write(version.length);
        info.writeBytes(version);
        java.io.ByteArrayOutputStream document = new java.io.ByteArrayOutputStream();
        document.write(0x0A); // Document.swagger = 1
        document.write(3);
        document.writeBytes("2.0".getBytes(StandardCharsets.UTF_8));
        document.write(0x12); // Document.info = 2
        document.write(info.size());
        document.writeBytes(info.toByteArray());
        return document.toByteArray();
    }

    /** Every discovery document by its path, rendered once. */
    static Map<String, String> documents() {
        Map<String, List<Kind>> byGroupVersion = KINDS.stream()
                .collect(Collectors.groupingBy(Kind::groupVersion, TreeMap::new, Collectors.toList()));
        Map<String, String> documents = new TreeMap<>();
        documents.put("/api", Serialization.asJson(new APIVersionsBuilder().withVersions("v1").build()));
        List<APIGroup> groups = byGroupVersion.keySet().stream().filter(gv -> gv.contains("/"))
                .map(gv -> {
                    String group = gv.substring(0, gv.indexOf('/'));
                    String version = gv.substring(gv.indexOf('/') + 1);
                    var preferred = new GroupVersionForDiscoveryBuilder().withGroupVersion(gv).withVersion(version)
                            .build();
                    return new APIGroupBuilder().withName(group).withVersions(preferred).withPreferredVersion(preferred)
                            .build();
                }).toList();
        documents.put("/apis", Serialization.asJson(new APIGroupListBuilder().withGroups(groups).build()));
        byGroupVersion.forEach((gv, kinds) -> {
            String path = gv.contains("/") ? "/apis/" + gv : "/api/" + gv;
            documents.put(path, Serialization.asJson(new APIResourceListBuilder().withGroupVersion(gv)
                    .withResources(kinds.stream().map(Kind::resource).toList()).build()));
        });
        // OpenAPI v3, so that kubectl's client-side validation (edit, create, apply) finds a schema for
        // every kind. The schemas accept any fields, as this API server does: it stores what it is given.
        Map<String, Object> index = new TreeMap<>();
        byGroupVersion.forEach((gv, kinds) -> {
            String path = gv.contains("/") ? "apis/" + gv : "api/" + gv;
            index.put(path, Map.of("serverRelativeURL", "/openapi/v3/" + path));
            Map<String, Object> schemas = new TreeMap<>();
            Map<String, Object> paths = new TreeMap<>();
            for (Kind kind : kinds) {
                String group = gv.contains("/") ? gv.substring(0, gv.indexOf('/')) : "";
                String version = gv.substring(gv.indexOf('/') + 1);
                // kubectl leaves validation to the server when PATCH takes fieldValidation; this server
                // takes the parameter and stores what it is given, as the schemas below say
                paths.put("/" + path + (kind.namespaced() ? "/namespaces/{namespace}/" : "/") + kind.plural() + "/{name}",
                        Map.of("patch", Map.of("x-kubernetes-group-version-kind",
                                Map.of("group", group, "version", version, "kind", kind.kind()),
                                "parameters", List.of(Map.of("name", "fieldValidation", "in", "query",
                                        "schema", Map.of("type", "string"))))));
                schemas.put("io.driftless.simulated." + (group.isEmpty() ? "core" : group) + "." + version + "."
                        + kind.kind(), Map.of("type", "object", "x-kubernetes-preserve-unknown-fields", true,
                                "x-kubernetes-group-version-kind",
                                List.of(Map.of("group", group, "version", version, "kind", kind.kind()))));
            }
            documents.put("/openapi/v3/" + path, Serialization.asJson(Map.of("openapi", "3.0.0",
                    "info", Map.of("title", "Driftless simulated cluster", "version", "v1.33.0"),
                    "paths", paths, "components", Map.of("schemas", schemas))));
        });
        documents.put("/openapi/v3", Serialization.asJson(Map.of("paths", index)));
        documents.put("/version", """
                {"major": "1", "minor": "33", "gitVersion": "v1.33.0-driftless-simulated", "platform": "simulated"}""");
        return documents;
    }
}
