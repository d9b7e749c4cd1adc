package io.driftless.api.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The rules of {@code driftless.yaml} that a JSON Schema cannot say: one exposed service, dependencies
 * that exist and do not go round in a circle, hooks on services that exist, images that are references,
 * timeouts within bounds. Written to read a tree the schema may have refused, so that one pass reports
 * everything: whatever is not of the expected shape here is skipped (the schema has said why).
 */
final class StackRules {

    /** A service may take at most this long to become ready. */
    static final int MAX_TIMEOUT_SECONDS = 3600;

    private static final String[] COUNTS = {"no", "one", "two", "three", "four", "five"};

    private StackRules() {
    }

    static List<SpecError> check(JsonNode root, SpecSource source) {
        List<SpecError> errors = new ArrayList<>();
        JsonNode services = root.path("services");
        if (!services.isObject() || services.isEmpty()) {
            return errors;
        }
        exposure(services, source, errors);
        Map<String, Map<String, Integer>> dependsOn = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> service = it.next();
            String path = SpecSource.child("services", service.getKey());
            image(service.getValue().path("image"), SpecSource.child(path, "image"), source, errors);
            timeout(service.getValue().path("health").path("timeout"),
                    SpecSource.child(SpecSource.child(path, "health"), "timeout"), source, errors);
            dependsOn.put(service.getKey(), dependencies(service, services, path, source, errors));
        }
        cycles(dependsOn, source, errors);
        JsonNode hooks = root.path("hooks");
        for (String hook : List.of("migrate", "seed")) {
            JsonNode service = hooks.path(hook).path("service");
            String path = "hooks." + hook + ".service";
            if (service.isTextual() && !services.has(service.asText())) {
                errors.add(SpecError.at(path, source.value(path), "hook " + hook + " runs on '" + service.asText()
                        + "', which is not a service here (services: " + names(services) + ")"));
            }
        }
        return errors;
    }

    /** Seconds in a duration the schema accepted ({@code 90s}, {@code 2m}). */
    static int seconds(String duration) {
        int amount = Integer.parseInt(duration.substring(0, duration.length() - 1));
        return duration.endsWith("m") ? amount * 60 : amount;
    }

    private static void exposure(JsonNode services, SpecSource source, List<SpecError> errors) {
        List<String> exposed = new ArrayList<>();
        services.fields().forEachRemaining(s -> {
            if (s.getValue().path("expose").asBoolean(false) && s.getValue().path("expose").isBoolean()) {
                exposed.add(s.getKey());
            }
        });
        if (exposed.isEmpty()) {
            errors.add(SpecError.at("services", source.keyOrValue("services"),
                    "no service is exposed: set expose: true on the one service behind the preview URL"));
        } else if (exposed.size() > 1) {
            String path = SpecSource.child(SpecSource.child("services", exposed.get(1)), "expose");
            String count = exposed.size() < COUNTS.length ? COUNTS[exposed.size()] : String.valueOf(exposed.size());
            errors.add(SpecError.at(path, source.value(path), count + " services are exposed: "
                    + String.join(", ", exposed) + " — exactly one may be"));
        }
    }

    private static void image(JsonNode image, String path, SpecSource source, List<SpecError> errors) {
        if (image.isTextual() && !image.asText().isEmpty() && ImageReference.parse(image.asText()).isEmpty()) {
            errors.add(SpecError.at(path, source.value(path),
                    "'" + image.asText() + "' is not an image reference: " + ImageReference.FORM));
        }
    }

    private static void timeout(JsonNode timeout, String path, SpecSource source, List<SpecError> errors) {
        if (timeout.isTextual() && timeout.asText().matches("[0-9]{1,4}[sm]")) {
            int seconds = seconds(timeout.asText());
            if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
                errors.add(SpecError.at(path, source.value(path),
                        "timeout " + timeout.asText() + " is out of bounds: from 1s to 60m"));
            }
        }
    }

    /** The service's dependencies that name services, with their index in the list; reports the others. */
    private static Map<String, Integer> dependencies(Map.Entry<String, JsonNode> service, JsonNode services,
            String path, SpecSource source, List<SpecError> errors) {
        Map<String, Integer> known = new LinkedHashMap<>();
        JsonNode list = service.getValue().path("dependsOn");
        for (int i = 0; i < list.size(); i++) {
            String itemPath = SpecSource.item(SpecSource.child(path, "dependsOn"), i);
            if (!list.get(i).isTextual()) {
                continue;
            }
            String name = list.get(i).asText();
            if (name.equals(service.getKey())) {
                errors.add(SpecError.at(itemPath, source.value(itemPath),
                        service.getKey() + " depends on itself: leave it out of its own dependsOn"));
            } else if (!services.has(name)) {
                errors.add(SpecError.at(itemPath, source.value(itemPath),
                        "dependsOn names '" + name + "', which is not a service here (services: " + names(services)
                                + ")"));
            } else {
                known.putIfAbsent(name, i);
            }
        }
        return known;
    }

    /**
     * Reports each dependency cycle found once, named from where a depth-first walk in the file's order
     * entered it, and pointed at the dependsOn entry that starts it.
     */
    private static void cycles(Map<String, Map<String, Integer>> dependsOn, SpecSource source, List<SpecError> errors) {
        Set<Set<String>> reported = new HashSet<>();
        Set<String> done = new HashSet<>();
        for (String start : dependsOn.keySet()) {
            walk(start, new ArrayList<>(), dependsOn, done, reported, source, errors);
        }
    }

    private static void walk(String service, List<String> trail, Map<String, Map<String, Integer>> dependsOn,
            Set<String> done, Set<Set<String>> reported, SpecSource source, List<SpecError> errors) {
        int at = trail.indexOf(service);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(trail.subList(at, trail.size()));
            if (reported.add(new LinkedHashSet<>(cycle))) {
                List<String> names = new ArrayList<>(cycle);
                names.add(service);
                String first = cycle.get(0);
                String next = cycle.size() > 1 ? cycle.get(1) : first;
                String path = SpecSource.item(SpecSource.child(SpecSource.child("services", first), "dependsOn"),
                        dependsOn.get(first).get(next));
                errors.add(SpecError.at(path, source.value(path), "dependsOn cycle: " + String.join(" -> ", names)));
            }
            return;
        }
        if (done.contains(service)) {
            return;
        }
        trail.add(service);
        for (String next : dependsOn.getOrDefault(service, Map.of()).keySet()) {
            walk(next, trail, dependsOn, done, reported, source, errors);
        }
        trail.remove(trail.size() - 1);
        done.add(service);
    }

    private static String names(JsonNode services) {
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }
}
