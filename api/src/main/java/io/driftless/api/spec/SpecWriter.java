package io.driftless.api.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/**
 * A stack written back as the {@code driftless.yaml} (version 1) that describes it: what a revision asked
 * for through the API shows as, and what {@code POST /api/v1/specs/validate} answers. Parsing the output
 * gives an equal stack.
 */
public final class SpecWriter {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private SpecWriter() {
    }

    public static String yaml(StackSpec stack) {
        try {
            return YAML.writeValueAsString(document(stack));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialise", e);
        }
    }

    /** The file's shape, keys in the order people write them. */
    public static Map<String, Object> document(StackSpec stack) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("version", 1);
        Map<String, Object> services = new LinkedHashMap<>();
        stack.services().forEach((name, s) -> services.put(name, service(s)));
        file.put("services", services);
        Map<String, Object> hooks = new LinkedHashMap<>();
        for (StackSpec.Hook hook : stack.hookList()) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("service", hook.service());
            h.put("command", hook.command());
            hooks.put(hook.name(), h);
        }
        if (!hooks.isEmpty()) {
            file.put("hooks", hooks);
        }
        return file;
    }

    private static Map<String, Object> service(StackSpec.ServiceSpec s) {
        Map<String, Object> service = new LinkedHashMap<>();
        if (s.built()) {
            service.put("build", build(s.build()));
        } else {
            service.put("image", s.image());
        }
        service.put("port", s.port());
        if (s.expose()) {
            service.put("expose", true);
        }
        putList(service, "command", s.command());
        putList(service, "args", s.args());
        if (!s.env().isEmpty()) {
            Map<String, Object> env = new LinkedHashMap<>();
            s.env().forEach((k, v) -> env.put(k, v.isSecret() ? Map.of("secret", v.secret()) : v.value()));
            service.put("env", env);
        }
        if (s.health() != null) {
            Map<String, Object> health = new LinkedHashMap<>();
            if (s.health().path() != null) {
                health.put("path", s.health().path());
            }
            health.put("port", s.health().port());
            health.put("timeout", s.health().timeoutSeconds() + "s");
            service.put("health", health);
        }
        putList(service, "dependsOn", List.copyOf(s.dependsOn()));
        if (s.resources() != null) {
            Map<String, Object> resources = new LinkedHashMap<>();
            if (s.resources().cpu() != null) {
                resources.put("cpu", s.resources().cpu());
            }
            if (s.resources().memory() != null) {
                resources.put("memory", s.resources().memory());
            }
            service.put("resources", resources);
        }
        if (s.storage() != null) {
            service.put("storage", s.storage());
        }
        return service;
    }

    /** Every key, defaults included, so that the file says what is built. */
    private static Map<String, Object> build(StackSpec.BuildSpec b) {
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("context", b.context());
        build.put("dockerfile", b.dockerfile());
        if (b.target() != null) {
            build.put("target", b.target());
        }
        if (!b.args().isEmpty()) {
            build.put("args", new LinkedHashMap<>(b.args()));
        }
        build.put("platform", b.platform());
        return build;
    }

    private static void putList(Map<String, Object> map, String key, List<String> values) {
        if (!values.isEmpty()) {
            map.put(key, values);
        }
    }
}
