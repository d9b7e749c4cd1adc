package io.driftless.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class StrategicMergePatchTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String DEPLOYMENT = """
            {"metadata": {"name": "app", "labels": {"a": "1", "b": "2"}},
             "spec": {"replicas": 1, "template": {"spec": {"containers": [
                 {"name": "app", "image": "shop:1", "ports": [{"containerPort": 8080, "name": "http"}],
                  "env": [{"name": "MODE", "value": "preview"}, {"name": "DEBUG", "value": "0"}]},
                 {"name": "sidecar", "image": "proxy:1"}]}}}}""";

    static JsonNode apply(String patch) throws Exception {
        return StrategicMergePatch.apply(JSON.readTree(DEPLOYMENT), JSON.readTree(patch));
    }

    @Test
    void mapsMergeAndNullRemoves() throws Exception {
        JsonNode result = apply("""
                {"metadata": {"labels": {"a": null, "c": "3"}}, "spec": {"replicas": 3}}""");

        assertThat(result.at("/metadata/labels").toString()).isEqualTo("{\"b\":\"2\",\"c\":\"3\"}");
        assertThat(result.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(result.at("/spec/template/spec/containers")).hasSize(2);
    }

    @Test
    void containersMergeByNameAndKeepWhatThePatchDoesNotName() throws Exception {
        JsonNode result = apply("""
                {"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "shop:2"}]}}}}""");

        assertThat(result.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("shop:2");
        assertThat(result.at("/spec/template/spec/containers/0/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(result.at("/spec/template/spec/containers/1/name").asText()).isEqualTo("sidecar");
    }

    @Test
    void anElementIsDeletedAddedAndOrderedAsKubectlAsks() throws Exception {
        JsonNode result = apply("""
                {"spec": {"template": {"spec": {
                  "$setElementOrder/containers": [{"name": "sidecar"}, {"name": "app"}],
                  "containers": [{"name": "app", "env": [{"name": "DEBUG", "$patch": "delete"},
                                                         {"name": "NEW", "value": "x"}]}]}}}}""");

        assertThat(result.at("/spec/template/spec/containers/0/name").asText()).isEqualTo("sidecar");
        assertThat(result.at("/spec/template/spec/containers/1/env").toString())
                .isEqualTo("[{\"name\":\"MODE\",\"value\":\"preview\"},{\"name\":\"NEW\",\"value\":\"x\"}]");
    }

    @Test
    void aListWithoutAMergeKeyIsReplacedAndPrimitivesCanBeDeleted() throws Exception {
        JsonNode target = JSON.readTree("""
                {"spec": {"args": ["a", "b"], "finalizers": ["x", "y", "z"]}}""");

        JsonNode result = StrategicMergePatch.apply(target, JSON.readTree("""
                {"spec": {"args": ["c"], "$deleteFromPrimitiveList/finalizers": ["y"]}}"""));

        assertThat(result.toString()).isEqualTo("{\"spec\":{\"args\":[\"c\"],\"finalizers\":[\"x\",\"z\"]}}");
    }

    @Test
    void replaceDirectiveReplacesTheWholeMap() throws Exception {
        JsonNode result = apply("""
                {"metadata": {"labels": {"$patch": "replace", "only": "this"}}}""");

        assertThat(result.at("/metadata/labels").toString()).isEqualTo("{\"only\":\"this\"}");
    }
}
