package io.driftless.web;

import java.time.InstantSource;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.service.BuildStore;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.EnvironmentService.SpecText;
import io.driftless.api.service.ManifestSource;
import io.driftless.api.service.NotFoundProblem;
import io.driftless.api.service.Views.EnvironmentView;
import io.driftless.api.service.Views.EventView;
import io.driftless.api.service.Views.RevisionView;
import io.driftless.web.EnvironmentPages.BuildLine;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * One revision on its own page: its commit on GitHub, the spec as it was stored, what it changed in the
 * cluster (the diff of its rendered manifests against the previous revision's), its builds, hooks, drift,
 * phase timeline and history. The manifests come through {@link ManifestSource}, which the worker renders:
 * this module never renders anything itself. Who may open the environment may open its revisions.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({ Role.REVIEWER, Role.ADMIN })
public class RevisionPages {

    private static final Logger LOG = Logger.getLogger(RevisionPages.class);

    private final EnvironmentService environments;
    private final Access access;
    private final BuildStore buildStore;
    private final ManifestSource manifests;
    private final InstantSource clock;

    public RevisionPages(EnvironmentService environments, Access access, BuildStore buildStore,
            ManifestSource manifests, InstantSource clock) {
        this.environments = environments;
        this.access = access;
        this.buildStore = buildStore;
        this.manifests = manifests;
        this.clock = clock;
    }

    /**
     * The manifests diff, or why there is none.
     *
     * @param diff    null when there is nothing to compare with, or a side could not be rendered
     * @param problem why a side could not be rendered; null when both were
     */
    public record Changes(ManifestDiff diff, String problem) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance revision(EnvironmentView environment, RevisionView revision,
                RevisionView previous, SpecText spec, Changes changes, List<BuildLine> builds, boolean building,
                List<Timeline.Step> timeline, List<EventView> events);

        static native TemplateInstance revision$builds(EnvironmentView environment, RevisionView revision,
                List<BuildLine> builds, boolean building);
    }

    @GET
    @Path("environments/{id}/revisions/{number}")
    @Operation(hidden = true)
    public Response revision(@PathParam("id") String id, @PathParam("number") String number) {
        EnvironmentView environment;
        RevisionView revision;
        try {
            environment = environment(id);
            revision = revision(environment, number);
        } catch (NotFoundProblem e) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(EnvironmentPages.Templates.notFound(e.getMessage())).build();
        }
        RevisionView previous = RevisionExtensions.previous(environment, revision);
        List<BuildLine> builds = EnvironmentPages.buildLines(buildStore, revision.id());
        List<EventView> events = environments.events(environment.id()).stream()
                .filter(e -> revision.id().equals(e.revisionId())).toList();
        return Response.ok(Templates.revision(environment, revision, previous, environments.specOf(revision.id()),
                changes(previous, revision), builds, running(builds), Timeline.of(revision.phases(), clock.instant()),
                events)).build();
    }

    /** The builds alone, fetched every 2 s while one runs, so its log shows live. */
    @GET
    @Path("fragments/environments/{id}/revisions/{number}/builds")
    @Operation(hidden = true)
    public TemplateInstance builds(@PathParam("id") String id, @PathParam("number") String number) {
        EnvironmentView environment = environment(id);
        RevisionView revision = revision(environment, number);
        List<BuildLine> builds = EnvironmentPages.buildLines(buildStore, revision.id());
        return Templates.revision$builds(environment, revision, builds, running(builds));
    }

    private EnvironmentView environment(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundProblem("No environment has the id " + id + ".");
        }
        access.requireRepository(environments.repositoryOf(uuid));
        return environments.get(uuid);
    }

    private static RevisionView revision(EnvironmentView environment, String number) {
        return environment.revisions().stream().filter(r -> String.valueOf(r.number()).equals(number)).findFirst()
                .orElseThrow(() -> new NotFoundProblem("The environment " + environment.repository() + " · "
                        + environment.branch() + " has no revision " + number + "."));
    }

    private static boolean running(List<BuildLine> builds) {
        return builds.stream().anyMatch(BuildLine::running);
    }

    /**
     * The diff against the previous revision. A side the worker cannot render (a revision whose spec file
     * was invalid has no manifests) is said in words rather than failing the page.
     */
    private Changes changes(RevisionView previous, RevisionView revision) {
        if (previous == null) {
            return new Changes(null, null);
        }
        String older;
        String newer;
        try {
            older = manifests.manifests(previous.id());
            newer = manifests.manifests(revision.id());
        } catch (RuntimeException e) {
            LOG.debugf(e, "no manifests diff between revisions %s and %s", previous.id(), revision.id());
            return new Changes(null, "The manifests could not be rendered: " + e.getMessage());
        }
        return new Changes(ManifestDiff.of("revision " + previous.number(), older, "revision " + revision.number(),
                newer), null);
    }
}
