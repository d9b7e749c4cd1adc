package io.driftless.api.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.driftless.api.domain.DriftEvent;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.config.PolicyConfig;
import io.driftless.api.domain.Environment;
import io.driftless.api.domain.Revision;
import io.driftless.api.spec.RevisionSpec;
import io.driftless.api.spec.SealPolicy;
import io.driftless.api.spec.StackSpec;

/** Read models handed to the REST API and the pages: plain data, safe outside a transaction. */
public final class Views {

    private Views() {
    }

    /** @param latestCommit the full SHA of the latest revision's commit; null before the first revision */
    public record EnvironmentView(UUID id, String name, String repository, String headRepository, String branch,
            Integer pullRequest, EnvironmentStatus status, RevisionPhase phase, String url,
            UUID currentRevisionId, UUID latestRevisionId, Instant createdAt, Instant updatedAt,
            Instant tornDownAt, List<RevisionView> revisions, Instant expiresAt, boolean pinned, ExpiryView expiry,
            String endedBy, String latestCommit) {

        public boolean fork() {
            return !repository.equals(headRepository);
        }

        /** Where a reviewer goes: the alias, once a revision is READY behind it. */
        public boolean live() {
            return currentRevisionId != null && status == EnvironmentStatus.ACTIVE;
        }
    }

    /**
     * Why and when an ACTIVE environment will be torn down.
     *
     * @param rule        PINNED, PROTECTED_BRANCH, PULL_REQUEST_CLOSED, IDLE, EXTENDED or MAX_LIFETIME
     * @param source      global, repository owner/name, pin, or protected branch
     * @param explanation one sentence, e.g. "idle for 72h since revision 4 at …, global policy"
     * @param warnAt      when it is (or was) warned of; null when it never expires
     * @param pin         who pinned it, why and until when; null when not pinned
     */
    public record ExpiryView(String rule, String source, String explanation, Instant warnAt, PinView pin) {
    }

    /** @param until null: until unpinned */
    public record PinView(String by, String reason, Instant at, Instant until) {
    }

    /**
     * @param pinnedImage the image by digest the revision runs: as asked for when given by digest, or as
     *                    the worker resolved a tag; null while unpinned
     * @param imagePinned false while the image is known by tag only (e.g. on the simulated cluster)
     */
    public record RevisionView(UUID id, UUID environmentId, int number, String commit, String image, int port,
            String specHash, String namespace, String url, RevisionPhase phase, String failureReason,
            String requestedBy, Instant createdAt, Instant updatedAt, List<PhaseChangeView> phases,
            List<DriftView> drifts, int attempts, String lastError, String pinnedImage, boolean imagePinned,
            StackView stack) {

        public String shortCommit() {
            return commit.substring(0, 7);
        }
    }

    /**
     * What a revision runs, service by service.
     *
     * @param specVersion     2 for a single-image revision from before stacks, 3 for a stack
     * @param specPath        the file the stack was read from at the commit; null when it came from the API
     * @param withheldSecrets secrets the stack refers to that this revision does not get (a fork's)
     * @param invalid         true when the file at the commit was not valid (the revision FAILED with its errors)
     */
    public record StackView(int specVersion, String specPath, List<ServiceView> services, List<HookView> hooks,
            List<String> secrets, List<String> withheldSecrets, boolean invalid) {
    }

    /**
     * @param pinnedImage the image by digest it runs; null while unpinned (or not built yet)
     * @param build       what it is built from ({@code ./Dockerfile}, target), null for a prebuilt image
     */
    public record ServiceView(String name, String image, String pinnedImage, int port, boolean exposed,
            List<String> dependsOn, boolean storage, String build) {
    }

    public record HookView(String name, String service, List<String> command) {

        public String commandLine() {
            return String.join(" ", command);
        }
    }

    /**
     * What a worker needs to put one revision into a cluster.
     *
     * @param spec         the stack revision's spec (version 3); null for a single-image revision of
     *                     version 2, which {@code image} and {@code port} describe
     * @param pinnedImages a stack's images pinned so far, by service
     */
    public record DeployTarget(UUID environmentId, UUID revisionId, String repository, String branch, String commit,
            String specHash, String name, String image, int port, RevisionPhase phase, SealPolicy seal,
            String pinnedImage, RevisionSpec spec, Map<String, String> pinnedImages, String headRepository) {

        public DeployTarget {
            pinnedImages = Map.copyOf(pinnedImages);
        }

        /** What the worker renders a revision from; a revision older than its seal record gets today's seal. */
        public static DeployTarget of(Revision r, PolicyConfig policy) {
            Environment e = r.environment;
            SealPolicy seal = r.seal == null ? policy.seal(!e.repository.equals(e.headRepository))
                    : RevisionSpec.readSeal(r.seal);
            return new DeployTarget(e.id, r.id, e.repository, e.branch, r.commitSha, r.specHash, r.name, r.image,
                    r.port, r.phase, seal, r.pinnedImage, r.spec == null ? null : RevisionSpec.read(r.spec),
                    r.spec == null ? Map.of() : r.pinnedImages, e.headRepository);
        }

        /** Whether this revision is a stack (spec version 3) rather than one image of version 2. */
        public boolean isStack() {
            return spec != null;
        }

        /** The reference the Deployment runs: the pinned one once the worker resolved it, else as asked for. */
        public String deployImage() {
            return pinnedImage != null ? pinnedImage : image;
        }

        /** The same target with one more service's image pinned. */
        public DeployTarget withPinned(String service, String pinned) {
            Map<String, String> images = new java.util.TreeMap<>(pinnedImages);
            images.put(service, pinned);
            return new DeployTarget(environmentId, revisionId, repository, branch, commit, specHash, name, image,
                    port, phase, seal, pinnedImage, spec, images, headRepository);
        }
    }

    /**
     * Where an environment's alias must point: the current revision's namespace and the Service there that
     * answers on port 80.
     */
    /** @param asleep the current revision is SLEEPING or WAKING: the alias routes to the wake page */
    public record RouteTarget(UUID environmentId, String environmentName, String host, String repository,
            UUID revisionId, String namespace, String service, boolean asleep) {

        public static RouteTarget of(Environment e, String host) {
            Revision current = e.currentRevision;
            String service = current.spec == null ? StackSpec.SINGLE_SERVICE
                    : RevisionSpec.read(current.spec).stack().exposed().name();
            return new RouteTarget(e.id, e.slug, host, e.repository, current.id, current.name, service,
                    current.phase.isAsleep());
        }
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

    /**
     * One page of a keyset-paged list: {@code next} is the cursor of the page after it (pass it as
     * {@code after}), null on the last page.
     */
    public record Slice<T>(List<T> items, int size, String next) {
    }

    /**
     * What the environment list is searched for; null fields do not filter.
     *
     * @param text         part of the branch name, any case
     * @param fork         true: forks only; false: the repository's own branches only
     * @param expiringSoon only environments warned of their expiry (within warnBefore of it)
     */
    public record EnvironmentQuery(String repository, String text, Integer pullRequest, RevisionPhase phase,
            Boolean fork, boolean expiringSoon) {

        public static final EnvironmentQuery ALL = new EnvironmentQuery(null, null, null, null, null, false);
    }

    /** The outcome of asking for a revision: {@code created} is false when an equal one existed. */
    public record Requested(EnvironmentView environment, RevisionView revision, boolean created) {
    }
}
