package io.driftless.api.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class StackStartOrderTest {

    static StackSpec.ServiceSpec service(String name, String... dependsOn) {
        return new StackSpec.ServiceSpec(name, "nginx:1", 8080, name.equals("web"), List.of(), List.of(), Map.of(),
                null, Set.of(dependsOn), null, null);
    }

    @Test
    void servicesStartAfterWhatTheyDependOnAndOtherwiseByName() {
        StackSpec stack = new StackSpec(new TreeMap<>(Map.of(
                "web", service("web", "api"),
                "api", service("api", "db", "cache"),
                "worker", service("worker", "db"),
                "db", service("db"),
                "cache", service("cache"))), null);

        assertThat(stack.startOrder()).extracting(StackSpec.ServiceSpec::name)
                .containsExactly("cache", "db", "api", "web", "worker");
    }
}
