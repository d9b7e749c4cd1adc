package io.driftless.server.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The chart's RBAC is exactly as wide as what Driftless does: every Kubernetes call the flow tests made
 * (recorded by {@link RecordingKubernetesClient} during the unit-test phase, so this runs after them, as
 * an IT) is allowed by the worker's ClusterRole, evaluated as the API server does; and every grant of the
 * role is used by some call, unless the chart says why production needs it ({@code # production-only: verb
 * group/resource: why}). The API pods make no Kubernetes call (no token is mounted for them).
 */
class RbacCoverageIT {

    private static final Path CHART = Path.of("..", "charts", "driftless").toAbsolutePath().normalize();
    private static final Pattern PRODUCTION_ONLY = Pattern.compile("#\\s*production-only:\\s*(\\S+) (\\S+):");

    @Test
    void everyCallTheFlowTestsMadeIsAllowedAndEveryGrantIsUsed() throws IOException {
        assertThat(RecordingKubernetesClient.CALLS)
                .as("the calls the flow tests recorded: run them first (mvn verify runs them before the ITs)")
                .exists();
        Set<KubernetesCall> calls = new java.util.HashSet<>();
        for (String line : Files.readAllLines(RecordingKubernetesClient.CALLS)) {
            if (!line.isBlank()) {
                calls.add(KubernetesCall.parse(line));
            }
        }
        assertThat(calls).as("recorded calls").isNotEmpty();
        List<PolicyRule> rules = workerRules();

        List<String> refused = calls.stream().filter(call -> rules.stream().noneMatch(rule -> allows(rule, call)))
                .map(KubernetesCall::toString).sorted().toList();
        assertThat(refused).as("calls the worker's ClusterRole would refuse with 403").isEmpty();

        Set<String> productionOnly = productionOnly();
        Set<String> unused = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        KubernetesCall grant = new KubernetesCall(verb, group, resource, false);
                        boolean used = calls.stream().anyMatch(call -> call.verb().equals(verb)
                                && call.group().equals(group) && call.resource().equals(resource));
                        String name = verb + " " + (group.isEmpty() ? "" : group + "/") + resource;
                        if (!used && !productionOnly.contains(name)) {
                            unused.add(name + " (" + grant + ")");
                        }
                    }
                }
            }
        }
        assertThat(unused).as("grants no flow test used; remove them, or say in rbac.yaml why production needs"
                + " them with '# production-only: <verb> <group/resource>: why'").isEmpty();
    }

    /** As the API server evaluates a rule: group, resource (with subresource) and verb each listed or "*". */
    static boolean allows(PolicyRule rule, KubernetesCall call) {
        return matches(rule.getApiGroups(), call.group()) && matches(rule.getResources(), call.resource())
                && matches(rule.getVerbs(), call.verb());
    }

    private static boolean matches(List<String> listed, String value) {
        return listed != null && (listed.contains("*") || listed.contains(value));
    }

    static List<PolicyRule> workerRules() {
        String manifest = new Helm(CHART).template().withName("dl").withNamespace("driftless-system")
                .set("database.url", "jdbc:postgresql://db:5432/driftless").call();
        List<PolicyRule> rules = new ArrayList<>();
        for (String document : manifest.split("(?m)^---\\s*$")) {
            if (document.contains("kind: ClusterRole\n")) {
                HasMetadata object = Serialization.unmarshal(document, HasMetadata.class);
                if (object instanceof ClusterRole role) {
                    rules.addAll(role.getRules());
                }
            }
        }
        assertThat(rules).as("the worker's ClusterRole rules").isNotEmpty();
        return rules;
    }

    private static Set<String> productionOnly() throws IOException {
        Set<String> grants = new TreeSet<>();
        Matcher m = PRODUCTION_ONLY.matcher(Files.readString(CHART.resolve("templates").resolve("rbac.yaml")));
        while (m.find()) {
            grants.add(m.group(1) + " " + m.group(2).replaceFirst("^core/", ""));
        }
        return grants;
    }
}
