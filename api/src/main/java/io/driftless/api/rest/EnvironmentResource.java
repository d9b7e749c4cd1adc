package io.driftless.api.rest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.events.WaitFor;
import io.driftless.api.policy.InvalidPolicyProblem;
import io.driftless.api.policy.Lifecycle;
import io.driftless.api.policy.PolicyDuration;
import io.driftless.api.rest.Problem.FieldError;
import io.driftless.api.security.Access;
import io.driftless.api.security.ForbiddenProblem;
import io.driftless.api.security.Role;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.ManifestSource;
import io.driftless.api.service.SleepAndWake;
import io.driftless.api.service.NotFoundProblem;
import io.driftless.api.service.Views.EnvironmentView;
import io.driftless.api.service.Views.EventView;
import io.driftless.api.service.Views.Page;
import io.driftless.api.service.Views.Requested;
import io.driftless.api.service.Views.RevisionView;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Environments")
public class EnvironmentResource {

    private final EnvironmentService environments;
    private final ManifestSource manifests;
    private final LongPoll longPoll;
    private final Access access;
    private final Lifecycle lifecycle;
    private final SleepAndWake sleeps;

    public EnvironmentResource(EnvironmentService environments, ManifestSource manifests, LongPoll longPoll,
            Access access, Lifecycle lifecycle, SleepAndWake sleeps) {
        this.sleeps = sleeps;
        this.lifecycle = lifecycle;
        this.environments = environments;
        this.manifests = manifests;
        this.longPoll = longPoll;
        this.access = access;
    }

    /** What a bot needs right after asking: ids, the phase, where to poll, and both URLs. */
    public record Accepted(UUID environmentId, UUID revisionId, int revisionNumber, RevisionPhase phase,
            String statusUrl, String url, String revisionUrl, boolean created) {
    }

    @POST
    @Path("/environments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.BOT, Role.ADMIN })
    @Operation(summary = "Ask for the environment of a commit",
            description = "202 when a new revision was queued, 200 when this exact spec exists already.")
    public Response request(@Valid @NotNull(message = "must be a JSON object") EnvironmentRequest body,
            @Context UriInfo uri) {
        access.requireRepository(body.repository());
        return accepted(environments.request(body.toNewRevision(), access.actor()), uri);
    }

    /** 202 with the new revision, or 200 when this exact spec was asked for before; Location: the environment. */
    static Response accepted(Requested requested, UriInfo uri) {
        EnvironmentView environment = requested.environment();
        RevisionView revision = requested.revision();
        URI status = uri.getBaseUriBuilder().path("api/v1/environments").path(environment.id().toString()).build();
        Accepted accepted = new Accepted(environment.id(), revision.id(), revision.number(), revision.phase(),
                status.toString(), environment.url(), revision.url(), requested.created());
        return Response.status(requested.created() ? Response.Status.ACCEPTED : Response.Status.OK)
                .location(status)
                .entity(accepted)
                .build();
    }

    @GET
    @Path("/environments")
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "List environments, newest first")
    public Response list(@QueryParam("repository") String repository, @QueryParam("phase") String phase,
            @QueryParam("page") @DefaultValue("0") @Min(value = 0, message = "must be 0 or more") int page,
            @QueryParam("size") @DefaultValue("20") @Min(value = 1, message = "must be from 1 to 100")
            @Max(value = 100, message = "must be from 1 to 100") int size) {
        RevisionPhase wanted = null;
        if (phase != null && !phase.isBlank()) {
            wanted = RevisionPhase.parse(phase).orElse(null);
            if (wanted == null) {
                return Problem.invalid(List.of(new FieldError("phase",
                        "must be one of " + List.of(RevisionPhase.values()))));
            }
        }
        String only = repository == null || repository.isBlank() ? null : repository;
        if (only != null) {
            access.requireRepository(only);
        }
        Page<EnvironmentView> result = environments.list(only, wanted, access.visibleRepositories(), page, size);
        return Response.ok(result).build();
    }

    @GET
    @Path("/environments/{id}")
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "An environment with its revisions, newest first, and every phase change")
    public EnvironmentView get(@PathParam("id") String id) {
        return environments.get(environmentId(id));
    }

    @DELETE
    @Path("/environments/{id}")
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "Tear an environment down", description = "202; the environment then reaches TORN_DOWN.")
    public Response teardown(@PathParam("id") String id) {
        EnvironmentView environment = environments.teardown(actionOn(id), access.actor());
        return Response.accepted(environment).build();
    }

    /** The body of a rollback: the revision to point the alias at; the previous READY one when absent. */
    public record RollbackRequest(UUID revision) {
    }

    @POST
    @Path("/environments/{id}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "Point the stable URL back at an earlier READY revision",
            description = "The previous READY revision by default, or {\"revision\": \"<id>\"}. Nothing is rebuilt.")
    public EnvironmentView rollback(@PathParam("id") String id, RollbackRequest body) {
        return environments.rollback(actionOn(id), body == null ? null : body.revision(), access.actor());
    }

    /** The body of an extension: by how much (the policy's extendBy when absent); force is for admins. */
    public record ExtendRequest(String by, Boolean force) {
    }

    @POST
    @Path("/environments/{id}/extend")
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "Put off the environment's expiry",
            description = "{\"by\": \"24h\"} (the policy's extendBy when absent) is added to its current expiry. "
                    + "Never past maxLifetime: 409 says the limit and who can lift it; an admin may pass it with "
                    + "\"force\": true. Answers the environment with its new expiresAt.")
    public EnvironmentView extend(@PathParam("id") String id, ExtendRequest body) {
        UUID environmentId = actionOn(id);
        Duration by = null;
        if (body != null && body.by() != null) {
            try {
                by = PolicyDuration.parse(body.by());
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicyProblem(List.of(new InvalidPolicyProblem.FieldProblem("by", e.getMessage())));
            }
        }
        boolean force = body != null && Boolean.TRUE.equals(body.force());
        if (force && access.caller().role() != Role.admin) {
            throw new ForbiddenProblem("Only an admin may extend past the maximum lifetime (force).");
        }
        lifecycle.extend(environmentId, by, force, access.actor());
        return environments.get(environmentId);
    }

    @POST
    @Path("/environments/{id}/sleep")
    @RolesAllowed({ Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "Put the environment's current revision to sleep now",
            description = "202: it is SLEEPING (its Deployments scaled to zero, its manifests and spec hash unchanged, "
                    + "its URLs routed to the wake page). 409 when the alias serves no READY revision.")
    public Response sleep(@PathParam("id") String id) {
        UUID environmentId = actionOn(id);
        sleeps.sleep(environmentId, access.actor());
        return Response.accepted(environments.get(environmentId)).build();
    }

    @POST
    @Path("/environments/{id}/wake")
    @RolesAllowed({ Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "Wake the environment's current revision",
            description = "202: it is WAKING (or READY already); wait for it with GET /api/v1/revisions/{id}?wait=READY. "
                    + "The idle clock restarts.")
    public Response wake(@PathParam("id") String id) {
        UUID environmentId = actionOn(id);
        sleeps.wake(environmentId, access.actor(), "woken by " + access.actor());
        return Response.accepted(environments.get(environmentId)).build();
    }

    /** The body of a pin: why (required), and until when (an instant or a duration from now; none: until unpinned). */
    public record PinRequest(
            @NotBlank(message = "must say why the environment is kept") @Size(max = 500, message = "must be at most 500 characters")
            String reason,
            String until) {
    }

    @PUT
    @Path("/environments/{id}/pin")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Pin the environment: it does not expire",
            description = "{\"reason\": \"demo on Friday\", \"until\": \"2026-12-04T18:00:00Z\" or \"7d\"}; without "
                    + "until it stays until unpinned. Admins only.")
    public EnvironmentView pin(@PathParam("id") String id,
            @Valid @NotNull(message = "must be a JSON object with a reason") PinRequest body) {
        UUID environmentId = actionOn(id);
        Instant until = null;
        if (body.until() != null && !body.until().isBlank()) {
            try {
                until = lifecycle.until(body.until().trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicyProblem(List.of(new InvalidPolicyProblem.FieldProblem("until", e.getMessage())));
            }
        }
        lifecycle.pin(environmentId, body.reason().trim(), until, access.actor());
        return environments.get(environmentId);
    }

    @DELETE
    @Path("/environments/{id}/pin")
    @RolesAllowed(Role.ADMIN)
    @Operation(summary = "Unpin the environment: its policy's expiry applies again", description = "409 when not pinned.")
    public EnvironmentView unpin(@PathParam("id") String id) {
        UUID environmentId = actionOn(id);
        lifecycle.unpin(environmentId, access.actor());
        return environments.get(environmentId);
    }

    @GET
    @Path("/environments/{id}/events")
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "The environment's history: phase changes, rollbacks, drift, teardown; oldest first")
    public List<EventView> events(@PathParam("id") String id) {
        return environments.events(environmentId(id));
    }

    @POST
    @Path("/revisions/{id}/redeploy")
    @RolesAllowed({ Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "Deploy a FAILED revision again",
            description = "A new attempt of the same spec, for a failure that was not the spec's fault: 202 with the "
                    + "revision, QUEUED again. 409 when it is not FAILED, its spec file is not valid, or its "
                    + "environment is no longer ACTIVE.")
    public Response redeploy(@PathParam("id") String id) {
        UUID revision = revisionId(id);
        access.requireAction(environments.repositoryOfRevision(revision));
        return Response.accepted(environments.redeploy(revision, access.actor())).build();
    }

    @GET
    @Path("/revisions/{id}/manifests")
    @Produces("application/yaml")
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "The exact Kubernetes objects of a revision, as YAML")
    public String manifests(@PathParam("id") String id) {
        return manifests.manifests(revisionId(id));
    }

    @GET
    @Path("/revisions/{id}/spec")
    @Produces("application/yaml")
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "The spec a revision was made from",
            description = "The driftless.yaml exactly as it was at the revision's commit (header Driftless-Spec-Path "
                    + "names the file), or, for a spec given through the API or a single image, the stack as YAML.")
    public Response spec(@PathParam("id") String id) {
        EnvironmentService.SpecText spec = environments.specOf(revisionId(id));
        Response.ResponseBuilder response = Response.ok(spec.text());
        if (spec.path() != null) {
            response.header("Driftless-Spec-Path", spec.path());
        }
        return response.build();
    }

    @GET
    @Path("/revisions/{id}")
    @Blocking
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "One revision with every phase change; with ?wait=, a long poll",
            description = "wait=READY answers as soon as the revision is READY or FAILED; wait=<phase> as soon as "
                    + "it is in that phase or past it. timeout (500ms, 120s, 2m or plain seconds; default 60s, "
                    + "at most 10m) bounds the wait: then the current state is answered with the header "
                    + "Driftless-Wait: timeout (Driftless-Wait: reached otherwise).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RevisionView.class)))
    public Uni<Response> revision(@PathParam("id") String id, @QueryParam("wait") String wait,
            @QueryParam("timeout") String timeout) {
        List<FieldError> errors = new ArrayList<>();
        WaitFor waitFor = null;
        if (wait != null) {
            waitFor = RevisionPhase.parse(wait).map(WaitFor::new).orElse(null);
            if (waitFor == null) {
                errors.add(new FieldError("wait", "must be one of " + List.of(RevisionPhase.values())));
            }
        }
        Duration limit = WaitTimeout.DEFAULT;
        if (timeout != null) {
            if (wait == null) {
                errors.add(new FieldError("timeout", "is only meaningful with wait"));
            } else {
                try {
                    limit = WaitTimeout.parse(timeout);
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("timeout", e.getMessage()));
                }
            }
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().item(Problem.invalid(errors));
        }
        UUID revisionId = revisionId(id);
        if (waitFor == null) {
            return Uni.createFrom().item(Response.ok(environments.getRevision(revisionId)).build());
        }
        return longPoll.await(revisionId, waitFor, limit);
    }

    /** The environment's id, once the caller is known to be allowed its repository (404 when unknown). */
    private UUID environmentId(String id) {
        UUID uuid = parseId(id, "environment");
        access.requireRepository(environments.repositoryOf(uuid));
        return uuid;
    }

    /** As {@link #environmentId}, for a change: the caller must also be allowed to act on the repository. */
    private UUID actionOn(String id) {
        UUID uuid = environmentId(id);
        access.requireAction(environments.repositoryOf(uuid));
        return uuid;
    }

    /** The revision's id, once the caller is known to be allowed its repository (404 when unknown). */
    private UUID revisionId(String id) {
        UUID uuid = parseId(id, "revision");
        access.requireRepository(environments.repositoryOfRevision(uuid));
        return uuid;
    }

    static UUID parseId(String id, String what) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundProblem("No " + what + " has the id " + id + ".");
        }
    }
}
