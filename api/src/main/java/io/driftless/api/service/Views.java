package io.driftless.api.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.driftless.api.domain.DriftEvent;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.spec.SealPolicy;

/** Read models handed to the REST API and the pages: plain data, safe outside a transaction. */
public final class Views {

    private Views() {
    }

    public record EnvironmentView(UUID id, String name, String repository, String headRepository, String branch,
            Integer pullRequest, EnvironmentStatus status, RevisionPhase phase, String url,
            UUID currentRevisionId, UUID latestRevisionId, Instant createdAt, Instant updatedAt,
            Instant tornDownAt, List<RevisionView> revisions) {

        public boolean fork() {
            return !repository.equals(headRepository);
        }

        /** Where a reviewer goes: the alias, once a revision is READY behind it. */
        public boolean live() {
            return currentRevisionId != null && status == EnvironmentStatus.ACTIVE;
        }
    }

    /**
     * @param pinnedImage the image by digest the revision runs: as asked for when given by digest, or as
     *                    the worker resolved a tag; null while unpinned
     * @param imagePinned false while the image is known by tag only (e.g. on the simulated cluster)
     */
    public record RevisionView(UUID id, UUID environmentId, int number, String commit, String image, int port,
            String specHash, String namespace, String url, RevisionPhase phase, String failureReason,
            String requestedBy, Instant createdAt, Instant updatedAt, List<PhaseChangeView> phases,
            List<DriftView> drifts, int attempts, String lastError, String pinnedImage, boolean imagePinned) {

        public String shortCommit() {
            return commit.substring(0, 7);
        }
    }

    /** What a worker needs to put one revision into a cluster. */
    public record DeployTarget(UUID environmentId, UUID revisionId, String repository, String branch, String commit,
            String specHash, String name, String image, int port, RevisionPhase phase, SealPolicy seal,
            String pinnedImage) {

        /** What the worker renders a revision from; a revision older than its seal record gets today's seal. */
        public static DeployTarget of(io.driftless.api.domain.Revision r, io.driftless.api.config.PolicyConfig policy) {
            io.driftless.api.domain.Environment e = r.environment;
            SealPolicy seal = r.seal == null ? policy.seal(!e.repository.equals(e.headRepository))
                    : io.driftless.api.spec.RevisionSpec.readSeal(r.seal);
            return new DeployTarget(e.id, r.id, e.repository, e.branch, r.commitSha, r.specHash, r.name, r.image,
                    r.port, r.phase, seal, r.pinnedImage);
        }

        /** The reference the Deployment runs: the pinned one once the worker resolved it, else as asked for. */
        public String deployImage() {
            return pinnedImage != null ? pinnedImage : image;
        }
    }

    /** Where an environment's alias must point: the current revision's namespace. */
    public record RouteTarget(UUID environmentId, String environmentName, String host, String repository,
            UUID revisionId, String namespace) {
    }

    public record EventView(Instant at, String actor, String action, UUID revisionId, Integer revisionNumber,
            String detail) {
    }

    public record DriftView(DriftEvent.Kind kind, String objectKind, String objectName, String detail,
            Instant detectedAt, Instant healedAt, DriftEvent.Cause cause) {

        /** "found by a watch" or "found at resync". */
        public String foundBy() {
            return cause.label();
        }
    }

    public record PhaseChangeView(RevisionPhase phase, Instant at, String reason) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    /** The outcome of asking for a revision: {@code created} is false when an equal one existed. */
    public record Requested(EnvironmentView environment, RevisionView revision, boolean created) {
    }
}
