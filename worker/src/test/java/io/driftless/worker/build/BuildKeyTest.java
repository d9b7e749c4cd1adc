package io.driftless.worker.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.driftless.api.spec.StackSpec.BuildSpec;

class BuildKeyTest {

    static final String TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    static final String OTHER_TREE = "9c1185a5c5e9fc54612808977ee8f548b2258d31";
    static final String BUILDER = "buildkit v0.17.0";

    static BuildSpec build(String dockerfile, String target, Map<String, String> args, String platform) {
        return new BuildSpec("services/api", dockerfile, target, args == null ? null : new TreeMap<>(args), platform);
    }

    static final BuildSpec BASE = build("Dockerfile", "runtime", Map.of("NODE_ENV", "production"), "linux/amd64");

    @Test
    void equalInputsGiveTheSameKeyOf64HexCharacters() {
        String key = BuildKey.of(TREE, BASE, BUILDER);

        assertThat(key).matches("[0-9a-f]{64}");
        assertThat(BuildKey.of(TREE, build("Dockerfile", "runtime", Map.of("NODE_ENV", "production"), "linux/amd64"),
                BUILDER)).isEqualTo(key);
        assertThat(BuildKey.of(TREE.toUpperCase(), BASE, BUILDER)).isEqualTo(key);
    }

    @Test
    void eachInputChangesTheKey() {
        String key = BuildKey.of(TREE, BASE, BUILDER);

        assertThat(BuildKey.of(OTHER_TREE, BASE, BUILDER)).isNotEqualTo(key);
        assertThat(BuildKey.of(TREE, build("docker/Dockerfile", "runtime", Map.of("NODE_ENV", "production"),
                "linux/amd64"), BUILDER)).isNotEqualTo(key);
        assertThat(BuildKey.of(TREE, build("Dockerfile", "test", Map.of("NODE_ENV", "production"), "linux/amd64"),
                BUILDER)).isNotEqualTo(key);
        assertThat(BuildKey.of(TREE, build("Dockerfile", "runtime", Map.of("NODE_ENV", "test"), "linux/amd64"),
                BUILDER)).isNotEqualTo(key);
        assertThat(BuildKey.of(TREE, build("Dockerfile", "runtime", Map.of("NODE_ENV", "production", "X", ""),
                "linux/amd64"), BUILDER)).isNotEqualTo(key);
        assertThat(BuildKey.of(TREE, build("Dockerfile", "runtime", Map.of("NODE_ENV", "production"), "linux/arm64"),
                BUILDER)).isNotEqualTo(key);
        assertThat(BuildKey.of(TREE, BASE, "buildkit v0.18.0")).isNotEqualTo(key);
    }

    @Test
    void noTargetIsNotAnEmptyTarget() {
        assertThat(BuildKey.of(TREE, build("Dockerfile", null, Map.of(), null), BUILDER))
                .isNotEqualTo(BuildKey.of(TREE, build("Dockerfile", "", Map.of(), null), BUILDER));
    }

    @Test
    void theContextsPathIsNotInTheKeyItsTreeIdStandsForItsContent() {
        BuildSpec elsewhere = new BuildSpec("apps/api", BASE.dockerfile(), BASE.target(), BASE.args(), BASE.platform());

        assertThat(BuildKey.of(TREE, elsewhere, BUILDER)).isEqualTo(BuildKey.of(TREE, BASE, BUILDER));
    }

    @Test
    void theOrderArgsAreGivenInDoesNotMatter() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("A", "1");
        one.put("B", "2");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("B", "2");
        other.put("A", "1");

        assertThat(BuildKey.of(TREE, build("Dockerfile", null, one, null), BUILDER))
                .isEqualTo(BuildKey.of(TREE, build("Dockerfile", null, other, null), BUILDER));
    }

    @Test
    void anEqualsSignOrLineBreakInsideAnArgCannotMakeTwoArgSetsCollide() {
        // joined as k=v lines, each pair would read "A=1=B\nC=2" alike
        assertThat(key(Map.of("A", "1=B\nC=2"))).isNotEqualTo(key(Map.of("A", "1=B", "C", "2")));
        assertThat(key(Map.of("A", "1=B\nC=2"))).isNotEqualTo(key(Map.of("A=1", "B\nC=2")));
        assertThat(key(Map.of("A", "1\nB=2"))).isNotEqualTo(key(Map.of("A", "1", "B", "2")));
        assertThat(key(Map.of("A=", "1"))).isNotEqualTo(key(Map.of("A", "=1")));
        // nor can a quote or a brace pass for the end of a field
        assertThat(key(Map.of("A", "1\",\"B\":\"2"))).isNotEqualTo(key(Map.of("A", "1", "B", "2")));
    }

    @Test
    void theTagIsKeyDashTheKey() {
        String key = BuildKey.of(TREE, BASE, BUILDER);

        assertThat(BuildKey.tag(key)).isEqualTo("key-" + key);
        assertThatThrownBy(() -> BuildKey.tag("latest")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatIsNotATreeIdOrABuilderIsRefused() {
        assertThatThrownBy(() -> BuildKey.of("services/api", BASE, BUILDER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Git tree id");
        assertThatThrownBy(() -> BuildKey.of(TREE, BASE, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String key(Map<String, String> args) {
        return BuildKey.of(TREE, build("Dockerfile", null, args, null), BUILDER);
    }
}
