package io.driftless.api.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.github.ForkApprovals;
import io.driftless.api.github.ForkApprovals.Approval;
import io.driftless.api.rest.Problem.FieldError;
import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.service.NotFoundProblem;
import io.driftless.api.service.RepositorySettingsService;
import io.driftless.api.service.RepositorySettingsService.SettingsView;
import io.driftless.api.source.RepositoryPath;

/** Per-repository settings and approvals of fork pull requests. */
@Path("/api/v1/repos/{owner}/{repo}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Repositories")
public class RepositoryResource {

    private final RepositorySettingsService settings;
    private final ForkApprovals approvals;
    private final Access access;

    public RepositoryResource(RepositorySettingsService settings, ForkApprovals approvals, Access access) {
        this.settings = settings;
        this.approvals = approvals;
        this.access = access;
    }

    /** The body of a settings PUT; unknown fields are refused (quarkus.jackson.fail-on-unknown-properties). */
    @Schema(name = "RepositorySettings")
    public record SettingsRequest(
            @Schema(description = "The spec file's path from the repository root, read at each pull request's head "
                    + "commit; default driftless.yaml", examples = "deploy/driftless.yaml") String specPath,

            @Schema(description = "The image of a commit, with {sha} where the commit goes; used when the commit has "
                    + "no spec file. Optional when every commit has one", examples = "ghcr.io/acme/shop:{sha}")
            String imageTemplate,

            @Min(value = 1, message = "must be a TCP port from 1 to 65535")
            @Max(value = 65535, message = "must be a TCP port from 1 to 65535")
            @Schema(description = "The port the image template's container listens on; default 8080",
                    examples = "8080") Integer port) {
    }

    @PUT
    @Path("/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Set how webhook-triggered revisions of the repository are made",
            description = "Replaces the settings: a field left out takes its default.")
    public Response put(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @Valid @NotNull(message = "must be a JSON object") SettingsRequest body) {
        String repository = repository(owner, repo);
        List<FieldError> errors = new ArrayList<>();
        if (body.specPath() != null) {
            for (String problem : RepositoryPath.problemsOf(body.specPath())) {
                errors.add(new FieldError("specPath", problem));
            }
        }
        if (body.imageTemplate() != null) {
            for (String problem : RepositorySettingsService.problemsOf(body.imageTemplate())) {
                errors.add(new FieldError("imageTemplate", problem));
            }
        } else if (body.port() != null) {
            errors.add(new FieldError("port", "is the image template's port: give an imageTemplate too, or leave "
                    + "port out"));
        }
        if (!errors.isEmpty()) {
            return Problem.invalid(errors);
        }
        Integer port = body.imageTemplate() == null ? null
                : body.port() == null ? EnvironmentRequest.DEFAULT_PORT : body.port();
        return Response.ok(settings.put(repository, body.specPath(), body.imageTemplate(), port, access.actor()))
                .build();
    }

    @GET
    @Path("/settings")
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "How webhook-triggered revisions of the repository are made; 404 when not set")
    public SettingsView get(@PathParam("owner") String owner, @PathParam("repo") String repo) {
        String repository = repository(owner, repo);
        return settings.find(repository).orElseThrow(() -> new NotFoundProblem("Repository " + repository
                + " has no settings; PUT them to enable previews from its webhooks."));
    }

    /** The body of an approval: the exact commit approved. */
    @Schema(name = "ForkApprovalRequest")
    public record ApprovalRequest(
            @NotNull @Pattern(regexp = Patterns.COMMIT, message = Patterns.COMMIT_MESSAGE)
            @Schema(description = "The full SHA of the head commit approved", required = true) String commit) {
    }

    /** The approval with the environment and revision it asked for. */
    public record Approved(String repository, int pullRequest, String commit, String approvedBy,
            java.time.Instant approvedAt, UUID environmentId, UUID revisionId, int revisionNumber, RevisionPhase phase,
            String statusUrl, String url, String revisionUrl) {
    }

    @POST
    @Path("/pulls/{number}/approvals")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Approve one commit of a fork's pull request for an environment",
            description = "The commit must be the pull request's head as the webhook last saw it. Answers with the "
                    + "environment and revision asked for; a new push needs a new approval.")
    public Approved approve(@PathParam("owner") String owner, @PathParam("repo") String repo,
            @PathParam("number") String number, @Valid @NotNull(message = "must be a JSON object") ApprovalRequest body,
            @Context UriInfo uri) {
        String repository = repository(owner, repo);
        int pullRequest = pullRequest(number);
        Approval approval = approvals.approve(repository, pullRequest, body.commit().toLowerCase(Locale.ROOT),
                access.actor());
        var environment = approval.requested().environment();
        var revision = approval.requested().revision();
        URI status = uri.getBaseUriBuilder().path("api/v1/environments").path(environment.id().toString()).build();
        return new Approved(repository, pullRequest, approval.commit(), approval.approvedBy(), approval.approvedAt(),
                environment.id(), revision.id(), revision.number(), revision.phase(), status.toString(),
                environment.url(), revision.url());
    }

    private String repository(String owner, String repo) {
        return RepositoryNames.require(owner, repo, access);
    }

    private static int pullRequest(String number) {
        try {
            int n = Integer.parseInt(number);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the 404
        }
        throw new NotFoundProblem("'" + number + "' is not a pull request number.");
    }
}
