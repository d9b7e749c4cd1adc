package io.driftless.worker.render;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;

/** When a Deployment counts as up: all wanted replicas available and the Available condition true. */
public final class Readiness {

    private Readiness() {
    }

    public static boolean isAvailable(Deployment deployment) {
        if (deployment == null || deployment.getSpec() == null || deployment.getStatus() == null) {
            return false;
        }
        int wanted = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        Integer available = deployment.getStatus().getAvailableReplicas();
        boolean enough = available != null && available >= wanted;
        boolean condition = deployment.getStatus().getConditions() == null
                || deployment.getStatus().getConditions().stream()
                        .filter(c -> "Available".equals(c.getType()))
                        .map(DeploymentCondition::getStatus)
                        .allMatch("True"::equals);
        return enough && condition;
    }
}
