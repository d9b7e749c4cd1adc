package io.driftless.api.rest;

import java.util.Locale;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import io.driftless.api.service.NewRevision;
import io.driftless.api.spec.StackSpec;

/**
 * The body of {@code PUT /api/v1/repos/{owner}/{repo}/branches/{branch}/environment}: what
 * {@link EnvironmentRequest} holds, less the repository and branch, which the path names.
 */
@ImageOrSpec
@Schema(name = "BranchEnvironmentRequest", description = "The commit a branch's environment must run.")
public record BranchEnvironmentRequest(
        @NotNull @Pattern(regexp = Patterns.COMMIT, message = Patterns.COMMIT_MESSAGE)
        @Schema(description = "Full 40-character commit SHA", required = true) String commit,

        @Pattern(regexp = Patterns.PINNED_IMAGE, message = Patterns.PINNED_IMAGE_MESSAGE)
        @Schema(description = "The one image of a single-service environment; give this, build or spec",
                examples = "registry.example.com/shop@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
        String image,

        @Min(value = 1, message = "must be a TCP port from 1 to 65535")
        @Max(value = 65535, message = "must be a TCP port from 1 to 65535")
        @Schema(description = "The port the container listens on, with image or build; default 8080",
                examples = "8080") Integer port,

        @Positive(message = "must be a positive pull request number")
        @Schema(examples = "42") Integer pullRequest,

        @Pattern(regexp = Patterns.REPOSITORY, message = Patterns.REPOSITORY_MESSAGE)
        @Schema(description = "The fork the branch lives in; defaults to the repository", examples = "alice/shop")
        String headRepository,

        @Schema(description = "Build the one service's image from this commit instead of giving image: {context, "
                + "dockerfile, target, args, platform}, as under build: in a driftless.yaml (defaults: context ., "
                + "dockerfile Dockerfile, platform linux/amd64); give this, image or spec",
                implementation = Object.class)
        JsonNode build,

        @Schema(description = "A stack: the content of a driftless.yaml as a JSON object (see "
                + "/api/v1/schemas/driftless.schema.json); give this, image or build", implementation = Object.class)
        JsonNode spec) implements ImageOrSpec.Runs {

    NewRevision toNewRevision(String repository, String branch) {
        StackSpec stack = SpecRequests.stackOf(this);
        String head = headRepository == null ? repository : headRepository;
        String sha = commit.toLowerCase(Locale.ROOT);
        return stack != null
                ? NewRevision.ofStack(repository, head, branch, pullRequest, sha, stack, null)
                : new NewRevision(repository, head, branch, pullRequest, sha, image,
                        port == null ? EnvironmentRequest.DEFAULT_PORT : port);
    }
}
