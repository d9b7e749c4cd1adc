package io.driftless.web;

import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.driftless.api.preflight.ClusterReport;
import io.driftless.api.preflight.ClusterReports;
import io.driftless.api.security.Role;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/** The preflight for admins: what {@code GET /api/v1/cluster/check} answers, as a page. */
@Path("/cluster")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class ClusterPages {

    private final ClusterReports reports;

    public ClusterPages(ClusterReports reports) {
        this.reports = reports;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance cluster(Optional<ClusterReport> report);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance show() {
        return Templates.cluster(reports.latest());
    }
}
