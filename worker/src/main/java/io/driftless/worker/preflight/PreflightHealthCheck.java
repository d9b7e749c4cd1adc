package io.driftless.worker.preflight;

import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.driftless.api.config.RolesConfig;
import io.driftless.worker.preflight.RequiredPermissions.Permission;

/**
 * A worker on a real cluster is ready only once the preflight found every permission it needs granted: a
 * worker without them would take jobs and fail each one. The preflight runs again every
 * {@code driftless.worker.preflight-interval}, so granting them makes it ready without a restart. The other
 * checks (ingress class, routing namespace…) are reported, not held against readiness: Driftless runs without
 * them, its previews are what suffer.
 */
@Readiness
@ApplicationScoped
public class PreflightHealthCheck implements HealthCheck {

    private final Preflight preflight;
    private final RolesConfig roles;

    public PreflightHealthCheck(Preflight preflight, RolesConfig roles) {
        this.preflight = preflight;
        this.roles = roles;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("cluster-permissions");
        if (!roles.has(RolesConfig.Role.worker)) {
            return response.up().withData("checked", "no: not a worker").build();
        }
        if (preflight.simulated()) {
            return response.up().withData("checked", "no: simulated cluster, permissions not checked").build();
        }
        return preflight.latest().map(result -> {
            String at = result.report().checkedAt().toString();
            if (result.refused().isEmpty()) {
                return response.up().withData("checkedAt", at).build();
            }
            return response.down().withData("checkedAt", at).withData("missing", result.refused().stream()
                    .map(Permission::toString).collect(Collectors.joining(", "))).build();
        }).orElseGet(() -> response.down().withData("checked", "not yet: the first preflight has not ended").build());
    }
}
