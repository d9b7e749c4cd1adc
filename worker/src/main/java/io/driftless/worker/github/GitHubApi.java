package io.driftless.worker.github;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The few GitHub REST API calls Driftless makes. Built by {@link GitHubClient} against the configured
 * base URL; each call carries the Authorization header {@link GitHubCredentials} gives. An answer of
 * 400 or more is thrown as a {@link GitHubException}.
 */
@Path("")
@Produces(GitHubApi.MEDIA_TYPE) // the Accept header GitHub recommends
@Consumes(MediaType.APPLICATION_JSON)
@ClientHeaderParam(name = "X-GitHub-Api-Version", value = "2022-11-28")
@ClientHeaderParam(name = "User-Agent", value = "Driftless")
@RegisterProvider(GitHubException.Mapper.class)
public interface GitHubApi {

    String MEDIA_TYPE = "application/vnd.github+json";
    /** Asks the contents API for a file's bytes as they are, instead of JSON with base64 content. */
    String RAW_MEDIA_TYPE = "application/vnd.github.raw+json";

    @POST
    @Path("app/installations/{installation}/access_tokens")
    InstallationToken accessToken(@HeaderParam("Authorization") String bearerJwt,
            @PathParam("installation") long installation);

    @GET
    @Path("repos/{owner}/{repo}/deployments")
    List<Deployment> deployments(@HeaderParam("Authorization") String authorization,
            @PathParam("owner") String owner, @PathParam("repo") String repo, @QueryParam("sha") String sha,
            @QueryParam("environment") String environment, @QueryParam("per_page") int perPage);

    @POST
    @Path("repos/{owner}/{repo}/deployments")
    Deployment createDeployment(@HeaderParam("Authorization") String authorization,
            @PathParam("owner") String owner, @PathParam("repo") String repo, NewDeployment deployment);

    @POST
    @Path("repos/{owner}/{repo}/deployments/{id}/statuses")
    DeploymentStatus createStatus(@HeaderParam("Authorization") String authorization,
            @PathParam("owner") String owner, @PathParam("repo") String repo, @PathParam("id") long deploymentId,
            NewStatus status);

    @GET
    @Path("repos/{owner}/{repo}/issues/{number}/comments")
    List<Comment> comments(@HeaderParam("Authorization") String authorization, @PathParam("owner") String owner,
            @PathParam("repo") String repo, @PathParam("number") int number, @QueryParam("per_page") int perPage,
            @QueryParam("page") int page);

    @POST
    @Path("repos/{owner}/{repo}/issues/{number}/comments")
    Comment createComment(@HeaderParam("Authorization") String authorization, @PathParam("owner") String owner,
            @PathParam("repo") String repo, @PathParam("number") int number, CommentBody body);

    @PATCH
    @Path("repos/{owner}/{repo}/issues/comments/{id}")
    Comment updateComment(@HeaderParam("Authorization") String authorization, @PathParam("owner") String owner,
            @PathParam("repo") String repo, @PathParam("id") long commentId, CommentBody body);

    /**
     * A file's bytes at {@code ref}. {@code path} is sent as given: its segments must be URL-encoded
     * already, and its slashes kept.
     *
     * @param authorization null to ask without credentials (public repositories only)
     */
    @GET
    @Path("repos/{owner}/{repo}/contents/{path}")
    @Produces(RAW_MEDIA_TYPE)
    byte[] rawContent(@HeaderParam("Authorization") String authorization, @PathParam("owner") String owner,
            @PathParam("repo") String repo, @Encoded @PathParam("path") String path, @QueryParam("ref") String ref);

    /**
     * A commit of the Git database: a small answer (no diff, unlike {@code /commits/{sha}}), asked to tell
     * an absent file from an unseen repository and for the commit's root tree.
     */
    @GET
    @Path("repos/{owner}/{repo}/git/commits/{sha}")
    GitCommit gitCommit(@HeaderParam("Authorization") String authorization, @PathParam("owner") String owner,
            @PathParam("repo") String repo, @PathParam("sha") String sha);

    /** One directory of the Git database, not recursive: its entries, each a blob, tree or commit (submodule). */
    @GET
    @Path("repos/{owner}/{repo}/git/trees/{sha}")
    GitTree gitTree(@HeaderParam("Authorization") String authorization, @PathParam("owner") String owner,
            @PathParam("repo") String repo, @PathParam("sha") String treeSha);

    /**
     * A pull request, for its state. The answer is kept whole (a {@link RestResponse}) for its rate-limit
     * headers, which tell the pull-request check when to stop.
     */
    @GET
    @Path("repos/{owner}/{repo}/pulls/{number}")
    RestResponse<PullRequest> pullRequest(@HeaderParam("Authorization") String authorization,
            @PathParam("owner") String owner, @PathParam("repo") String repo, @PathParam("number") int number);

    /** @param state {@code open} or {@code closed} */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PullRequest(int number, String state, boolean merged, @JsonProperty("closed_at") Instant closedAt) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record GitCommit(String sha, TreeRef tree) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TreeRef(String sha) {
    }

    /** @param truncated GitHub listed only part of the entries (a directory of more than 100,000) */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record GitTree(String sha, List<TreeEntry> tree, boolean truncated) {
    }

    /** @param type {@code blob}, {@code tree} or {@code commit} */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TreeEntry(String path, String type, String sha) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record InstallationToken(String token, @JsonProperty("expires_at") Instant expiresAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewDeployment(String ref, String task, String environment, String description,
            @JsonProperty("auto_merge") boolean autoMerge,
            @JsonProperty("required_contexts") List<String> requiredContexts,
            @JsonProperty("transient_environment") boolean transientEnvironment,
            @JsonProperty("production_environment") boolean productionEnvironment,
            Map<String, Object> payload) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Deployment(long id, String sha, String environment, JsonNode payload) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NewStatus(String state, String description, @JsonProperty("environment_url") String environmentUrl,
            @JsonProperty("log_url") String logUrl) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeploymentStatus(long id, String state) {
    }

    record CommentBody(String body) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Comment(long id, String body) {
    }
}
