package io.driftless.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.driftless.api.domain.Build;
import io.driftless.api.policy.Lifecycle;
import io.driftless.api.policy.PolicyDuration;
import io.driftless.api.policy.PolicyService;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.service.BuildStore;
import io.driftless.api.service.ConflictProblem;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.FreedBySleep;
import io.driftless.api.service.NotFoundProblem;
import io.driftless.api.service.SleepAndWake;
import io.driftless.api.service.Views.EnvironmentView;
import io.driftless.api.service.Views.EventView;
import io.driftless.api.service.Views.Slice;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The server-rendered UI: the environments, one environment's history, teardown and rollback. For
 * people (reviewers and admins); a bot's token does not open it.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.REVIEWER, Role.ADMIN })
public class EnvironmentPages {

    static final int PAGE_SIZE = 50;

    private final EnvironmentService environments;
    private final Access access;
    private final BuildStore buildStore;
    private final Lifecycle lifecycle;
    private final PolicyService policies;
    private final SleepAndWake sleeps;
    private final FreedBySleep freed;

    public EnvironmentPages(EnvironmentService environments, Access access, BuildStore buildStore,
            Lifecycle lifecycle, PolicyService policies, SleepAndWake sleeps, FreedBySleep freed) {
        this.policies = policies;
        this.sleeps = sleeps;
        this.freed = freed;
        this.environments = environments;
        this.access = access;
        this.buildStore = buildStore;
        this.lifecycle = lifecycle;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Slice<EnvironmentView> page, ListFilter filter,
                List<RevisionPhase> phases, FreedBySleep.Freed freed);

        static native TemplateInstance list$rows(Slice<EnvironmentView> page, ListFilter filter);

        static native TemplateInstance environment(EnvironmentView environment, List<EventView> events,
                Map<UUID, List<BuildLine>> builds, boolean building, String extendBy, String problem);

        static native TemplateInstance environment$live(EnvironmentView environment, List<EventView> events,
                Map<UUID, List<BuildLine>> builds, boolean building);

        static native TemplateInstance notFound(String message);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance list(@QueryParam("repository") String repository, @QueryParam("q") String text,
            @QueryParam("pr") String pullRequest, @QueryParam("phase") String phase, @QueryParam("fork") String fork,
            @QueryParam("expiring") String expiring, @QueryParam("after") String after) {
        ListFilter filter = ListFilter.read(repository, text, pullRequest, phase, fork, expiring, after);
        return Templates.list(search(filter), filter, List.of(RevisionPhase.values()),
                freed.now(access.visibleRepositories()));
    }

    /**
     * The rows alone, fetched again by the list page whenever its event stream ({@link LiveEvents}) tells
     * of a change, and when the stream (re)opens, to catch up on what happened while it was not open.
     */
    @GET
    @Path("fragments/environments")
    @Operation(hidden = true)
    public TemplateInstance rows(@QueryParam("repository") String repository, @QueryParam("q") String text,
            @QueryParam("pr") String pullRequest, @QueryParam("phase") String phase, @QueryParam("fork") String fork,
            @QueryParam("expiring") String expiring, @QueryParam("after") String after) {
        ListFilter filter = ListFilter.read(repository, text, pullRequest, phase, fork, expiring, after);
        return Templates.list$rows(search(filter), filter);
    }

    @GET
    @Path("environments/{id}")
    @Operation(hidden = true)
    public Response environment(@PathParam("id") String id) {
        try {
            UUID environment = UUID.fromString(id);
            access.requireRepository(environments.repositoryOf(environment));
            EnvironmentView view = environments.get(environment);
            return Response.ok(page(view, null)).build();
        } catch (NotFoundProblem | IllegalArgumentException e) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(Templates.notFound("No environment has the id " + id + ".")).build();
        }
    }

    /** The live part of an environment page: its state and revision history. */
    @GET
    @Path("fragments/environments/{id}")
    @Operation(hidden = true)
    public TemplateInstance environmentLive(@PathParam("id") UUID id) {
        access.requireRepository(environments.repositoryOf(id));
        EnvironmentView view = environments.get(id);
        Map<UUID, List<BuildLine>> builds = builds(view);
        return Templates.environment$live(view, environments.events(id), builds, building(builds));
    }

    /**
     * A build as its revision's row shows it: the log's last lines while it runs or when it failed, so
     * the page shows the build live.
     */
    public record BuildLine(String service, String status, String reason, String image, String logTail,
            boolean running) {
    }

    /** How many of a build's last log lines the page shows. */
    static final int LOG_TAIL_LINES = 40;

    private Map<UUID, List<BuildLine>> builds(EnvironmentView environment) {
        Map<UUID, List<BuildLine>> lines = new java.util.HashMap<>();
        for (var revision : environment.revisions()) {
            lines.put(revision.id(), buildLines(buildStore, revision.id()));
        }
        return lines;
    }

    /** One revision's builds, as its row (and its revision page) shows them. */
    static List<BuildLine> buildLines(BuildStore buildStore, UUID revisionId) {
        List<BuildLine> of = new java.util.ArrayList<>();
        for (BuildStore.BuildView b : buildStore.ofRevision(revisionId)) {
            boolean running = b.status() == Build.Status.RUNNING;
            String tail = running || b.status() == Build.Status.FAILED ? tail(buildStore.logOf(b.id()).text()) : "";
            of.add(new BuildLine(b.service(), b.status().name(), b.reason(), b.image(), tail, running));
        }
        return of;
    }

    /**
     * Whether a build runs: its log grows without any revision changing phase, so the event stream says
     * nothing of it, and the page fetches its live part every 2 s until no build runs.
     */
    private static boolean building(Map<UUID, List<BuildLine>> builds) {
        return builds.values().stream().flatMap(List::stream).anyMatch(BuildLine::running);
    }

    private static String tail(String log) {
        List<String> all = log.strip().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size()));
    }

    @POST
    @Path("environments/{id}/teardown")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ Role.REVIEWER, Role.ADMIN })
    @Operation(hidden = true)
    public Response teardown(@PathParam("id") UUID id) {
        access.requireAction(environments.repositoryOf(id));
        environments.teardown(id, access.actor());
        return Response.seeOther(URI.create("/environments/" + id)).build();
    }

    /**
     * Wakes the environment's sleeping revision, as {@code POST /api/v1/environments/{id}/wake} does; the page
     * shows it WAKING and then READY live.
     */
    @POST
    @Path("environments/{id}/wake")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response wake(@PathParam("id") UUID id) {
        access.requireAction(environments.repositoryOf(id));
        try {
            sleeps.wake(id, access.actor(), "woken by " + access.actor());
            return Response.seeOther(URI.create("/environments/" + id)).build();
        } catch (ConflictProblem e) {
            return refused(id, Response.Status.CONFLICT, e.getMessage());
        }
    }

    /** Points the stable URL at this READY revision; nothing is rebuilt. */
    @POST
    @Path("environments/{id}/rollback/{revision}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({ Role.REVIEWER, Role.ADMIN })
    @Operation(hidden = true)
    public Response rollback(@PathParam("id") UUID id, @PathParam("revision") UUID revision) {
        access.requireAction(environments.repositoryOf(id));
        environments.rollback(id, revision, access.actor());
        return Response.seeOther(URI.create("/environments/" + id)).build();
    }

    /**
     * Deploys a FAILED revision again, the same spec; a refusal (409: not FAILED any more, an invalid spec
     * file, an environment being torn down) is shown on the page.
     */
    @POST
    @Path("environments/{id}/redeploy/{revision}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response redeploy(@PathParam("id") UUID id, @PathParam("revision") UUID revision) {
        access.requireAction(environments.repositoryOfRevision(revision));
        try {
            environments.redeploy(revision, access.actor());
            return Response.seeOther(URI.create("/environments/" + id)).build();
        } catch (ConflictProblem e) {
            return refused(id, Response.Status.CONFLICT, e.getMessage());
        }
    }

    /**
     * Puts off the expiry by the policy's extendBy, never past maxLifetime: a refusal (409) is shown on the
     * page with the limit and who can lift it.
     */
    @POST
    @Path("environments/{id}/extend")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response extend(@PathParam("id") UUID id) {
        access.requireAction(environments.repositoryOf(id));
        try {
            lifecycle.extend(id, null, false, access.actor());
            return Response.seeOther(URI.create("/environments/" + id)).build();
        } catch (ConflictProblem e) {
            return refused(id, Response.Status.CONFLICT, e.getMessage());
        }
    }

    /** Pins the environment (admins): it does not expire, until unpinned or until the time given. */
    @POST
    @Path("environments/{id}/pin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Role.ADMIN)
    @Operation(hidden = true)
    public Response pin(@PathParam("id") UUID id, @FormParam("reason") String reason, @FormParam("until") String until) {
        access.requireRepository(environments.repositoryOf(id));
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            return refused(id, Response.Status.BAD_REQUEST,
                    "Pin: say why the environment is kept (at most 500 characters).");
        }
        Instant end = null;
        if (until != null && !until.isBlank()) {
            try {
                end = lifecycle.until(until.trim());
            } catch (IllegalArgumentException e) {
                return refused(id, Response.Status.BAD_REQUEST, "Pin until: " + e.getMessage() + ".");
            }
        }
        try {
            lifecycle.pin(id, reason.trim(), end, access.actor());
            return Response.seeOther(URI.create("/environments/" + id)).build();
        } catch (ConflictProblem e) {
            return refused(id, Response.Status.CONFLICT, e.getMessage());
        }
    }

    @POST
    @Path("environments/{id}/unpin")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Role.ADMIN)
    @Operation(hidden = true)
    public Response unpin(@PathParam("id") UUID id) {
        access.requireRepository(environments.repositoryOf(id));
        try {
            lifecycle.unpin(id, access.actor());
            return Response.seeOther(URI.create("/environments/" + id)).build();
        } catch (ConflictProblem e) {
            return refused(id, Response.Status.CONFLICT, e.getMessage());
        }
    }

    private Response refused(UUID id, Response.Status status, String problem) {
        return Response.status(status).entity(page(environments.get(id), problem)).build();
    }

    private TemplateInstance page(EnvironmentView view, String problem) {
        String extendBy = PolicyDuration.format(policies.effective(view.repository()).values().extendBy());
        Map<UUID, List<BuildLine>> builds = builds(view);
        return Templates.environment(view, environments.events(view.id()), builds, building(builds), extendBy,
                problem);
    }

    /** One page of the search; a cursor that does not read starts from the first page. */
    private Slice<EnvironmentView> search(ListFilter filter) {
        try {
            return environments.search(filter.query(), access.visibleRepositories(), filter.after(), PAGE_SIZE);
        } catch (IllegalArgumentException badCursor) {
            return environments.search(filter.query(), access.visibleRepositories(), null, PAGE_SIZE);
        }
    }
}
