package io.driftless.server.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.driftless.worker.preflight.RequiredPermissions;
import io.driftless.worker.preflight.RequiredPermissions.Permission;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

/**
 * The permissions the preflight asks the API server for are exactly what the chart's worker ClusterRole grants
 * (verb × resource × API group, templated with Helm as an install renders it): neither list can change without
 * the other. The role is bound cluster-wide, so there is no namespaced grant to tell apart.
 */
class RequiredPermissionsMatchChartTest {

    @Test
    void thePreflightAsksForExactlyWhatTheChartGrants() {
        Set<Permission> granted = new TreeSet<>();
        for (PolicyRule rule : RbacCoverageIT.workerRules()) {
            assertThat(rule.getResourceNames()).as("grants limited to named objects, which the preflight cannot ask for")
                    .isNullOrEmpty();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        granted.add(new Permission(verb, group, resource));
                    }
                }
            }
        }

        assertThat(new TreeSet<>(RequiredPermissions.all())).as("RequiredPermissions against rbac.yaml")
                .containsExactlyElementsOf(granted);
    }
}
