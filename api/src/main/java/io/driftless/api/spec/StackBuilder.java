package io.driftless.api.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import io.driftless.api.spec.StackSpec.BuildSpec;
import io.driftless.api.spec.StackSpec.EnvValue;
import io.driftless.api.spec.StackSpec.Health;
import io.driftless.api.spec.StackSpec.Hook;
import io.driftless.api.spec.StackSpec.Hooks;
import io.driftless.api.spec.StackSpec.Resources;
import io.driftless.api.spec.StackSpec.ServiceSpec;

/**
 * A tree that passed the schema and the rules, as a {@link StackSpec}, with the defaults filled in:
 * {@code expose} false, {@code health.port} the service's port, {@code health.timeout} 120 seconds, and
 * a build's context, Dockerfile and platform ({@link BuildSpec}).
 */
final class StackBuilder {

    static final String DEFAULT_TIMEOUT = "120s";

    private StackBuilder() {
    }

    static StackSpec build(JsonNode root, SpecSource source) {
        SortedMap<String, ServiceSpec> services = new TreeMap<>();
        root.get("services").fields().forEachRemaining(
                s -> services.put(s.getKey(), service(s.getKey(), s.getValue(), source)));
        JsonNode hooks = root.path("hooks");
        return new StackSpec(services, new Hooks(hook("migrate", hooks), hook("seed", hooks)));
    }

    private static ServiceSpec service(String name, JsonNode node, SpecSource source) {
        String path = SpecSource.child("services", name);
        int port = node.get("port").intValue();
        SortedMap<String, EnvValue> env = new TreeMap<>();
        node.path("env").fields().forEachRemaining(e -> env.put(e.getKey(),
                envValue(e.getValue(), source.written(SpecSource.child(SpecSource.child(path, "env"), e.getKey())))));
        Set<String> dependsOn = new TreeSet<>(words(node.path("dependsOn")));
        JsonNode resources = node.get("resources");
        return new ServiceSpec(name, text(node.get("image")), port, node.path("expose").asBoolean(false),
                words(node.path("command")), words(node.path("args")), env, health(node.get("health"), port),
                dependsOn, resources == null ? null : new Resources(text(resources.get("cpu")),
                        text(resources.get("memory"))), text(node.get("storage")),
                build(node.get("build"), SpecSource.child(path, "build"), source));
    }

    /** Null for a service given an image; the defaults are {@link BuildSpec}'s own. */
    private static BuildSpec build(JsonNode build, String path, SpecSource source) {
        if (build == null) {
            return null;
        }
        SortedMap<String, String> args = new TreeMap<>();
        build.path("args").fields().forEachRemaining(a -> args.put(a.getKey(), a.getValue().isTextual()
                ? a.getValue().asText() : writtenOr(a.getValue(), source.written(
                        SpecSource.child(SpecSource.child(path, "args"), a.getKey())))));
        return new BuildSpec(text(build.get("context")), text(build.get("dockerfile")), text(build.get("target")),
                args, text(build.get("platform")));
    }

    /** Numbers and booleans become the text written ({@code 1.10} stays {@code 1.10}, {@code on} stays on). */
    private static EnvValue envValue(JsonNode value, String written) {
        if (value.isObject()) {
            return EnvValue.secretNamed(value.get("secret").asText());
        }
        return EnvValue.literal(value.isTextual() ? value.asText() : writtenOr(value, written));
    }

    private static String writtenOr(JsonNode value, String written) {
        return written == null ? value.asText() : written;
    }

    private static Health health(JsonNode health, int servicePort) {
        if (health == null) {
            return null;
        }
        int port = health.has("port") ? health.get("port").intValue() : servicePort;
        String timeout = health.has("timeout") ? health.get("timeout").asText() : DEFAULT_TIMEOUT;
        return new Health(health.get("path").asText(), port, StackRules.seconds(timeout));
    }

    private static Hook hook(String name, JsonNode hooks) {
        JsonNode hook = hooks.get(name);
        return hook == null ? null : new Hook(name, hook.get("service").asText(), words(hook.get("command")));
    }

    private static List<String> words(JsonNode list) {
        List<String> words = new ArrayList<>();
        list.forEach(w -> words.add(w.asText()));
        return words;
    }

    private static String text(JsonNode value) {
        return value == null ? null : value.asText();
    }
}
