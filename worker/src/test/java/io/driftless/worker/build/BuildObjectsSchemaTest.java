package io.driftless.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.driftless.schemas.KubernetesSchemas;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Every object of a build (its sealed namespace, the BuildKit Job, the push and git-token Secrets) is one the
 * API server of the pinned Kubernetes version accepts as far as its OpenAPI schema says ({@link KubernetesSchemas}).
 */
class BuildObjectsSchemaTest {

    static List<HasMetadata> objects(BuildInput in) {
        List<HasMetadata> objects = new ArrayList<>(BuildRenderer.render(in).all());
        objects.add(BuildRenderer.pushSecret(in, "{\"auths\":{\"ghcr.io\":{\"auth\":\"dXNlcjpwYXNz\"}}}"));
        if (!in.fork()) {
            objects.add(BuildRenderer.gitTokenSecret(in, "ghs_0123456789abcdef"));
        }
        return objects;
    }

    @Test
    void aBuildsObjectsAreValid() {
        List<HasMetadata> objects = objects(BuildRendererTest.input());

        assertThat(objects).extracting(HasMetadata::getKind).contains("Namespace", "Job", "Secret", "NetworkPolicy");
        KubernetesSchemas.assertValid(objects);
    }

    @Test
    void aForksBuildObjectsAreValid() {
        KubernetesSchemas.assertValid(objects(BuildRendererTest.fork()));
    }
}
