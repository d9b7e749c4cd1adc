package io.driftless.api.rest;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.service.BuildStore;
import io.driftless.api.service.BuildStore.BuildView;
import io.driftless.api.service.EnvironmentService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** A revision's builds, and a build's log: whole, or followed live while it runs. */
@Path("/api/v1")
@Tag(name = "Builds")
public class BuildResource {

    /** How often a followed log is read again while its build runs. */
    static final Duration FOLLOW_EVERY = Duration.ofMillis(500);

    private final BuildStore builds;
    private final EnvironmentService environments;
    private final Access access;

    public BuildResource(BuildStore builds, EnvironmentService environments, Access access) {
        this.builds = builds;
        this.environments = environments;
        this.access = access;
    }

    /** A build with where its log is. */
    public record BuildEntry(UUID id, String service, String cacheKey, String status, String image, String reason,
            String destination, java.time.Instant createdAt, java.time.Instant startedAt,
            java.time.Instant finishedAt, String logUrl) {
    }

    @GET
    @Path("/revisions/{id}/builds")
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "Each built service's build: its cache key, status, image, why it built or reused")
    public List<BuildEntry> ofRevision(@PathParam("id") String id, @Context UriInfo uri) {
        UUID revision = EnvironmentResource.parseId(id, "revision");
        access.requireRepository(environments.repositoryOfRevision(revision));
        return builds.ofRevision(revision).stream().map(b -> entry(b, uri)).toList();
    }

    @GET
    @Path("/builds/{id}/log")
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "A build's log as text",
            description = "The log so far (its last 2 MiB, the first line saying when the head was cut). With "
                    + "?follow=true the answer is streamed (chunked) until the build ends.")
    public Multi<String> log(@PathParam("id") String id, @QueryParam("follow") @DefaultValue("false") boolean follow) {
        UUID build = EnvironmentResource.parseId(id, "build");
        return Multi.createFrom().item(build).emitOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToMultiAndConcatenate(b -> {
                    access.requireRepository(builds.get(b).repository());
                    if (!follow) {
                        BuildStore.Log log = builds.logOf(b);
                        return Multi.createFrom().item(head(log) + log.text());
                    }
                    return followed(b);
                });
    }

    /** The log in pieces: what is new at each look, until the look that finds the build over. */
    private Multi<String> followed(UUID build) {
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean over = new AtomicBoolean();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(FOLLOW_EVERY)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(tick -> builds.logOf(build))
                .select().first(log -> !over.get())
                .map(log -> {
                    over.set(log.done());
                    String text = log.text();
                    int from = Math.min(sent.get(), text.length());
                    String piece = (sent.get() == 0 ? head(log) : "") + text.substring(from);
                    sent.set(text.length());
                    return piece;
                })
                .filter(piece -> !piece.isEmpty());
    }

    private static String head(BuildStore.Log log) {
        return log.truncated() ? "[… the head of this log was cut: its last 2 MiB follow]\n" : "";
    }

    private static BuildEntry entry(BuildView b, UriInfo uri) {
        String logUrl = b.status() == io.driftless.api.domain.Build.Status.CACHED ? null
                : uri.getBaseUriBuilder().path("api/v1/builds").path(b.id().toString()).path("log").build().toString();
        return new BuildEntry(b.id(), b.service(), b.cacheKey(), b.status().name(), b.image(), b.reason(),
                b.destination(), b.createdAt(), b.startedAt(), b.finishedAt(), logUrl);
    }
}
