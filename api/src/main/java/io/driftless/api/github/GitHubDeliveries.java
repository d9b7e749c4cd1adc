package io.driftless.api.github;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.driftless.api.config.GitHubConfig;
import io.driftless.api.domain.AuditEvent;
import io.driftless.api.domain.EnvironmentRepository;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.ForkRequest;
import io.driftless.api.domain.GitHubDelivery;
import io.driftless.api.domain.GitHubDeliveryRepository;
import io.driftless.api.domain.Job;
import io.driftless.api.github.ForkApprovals.ForkCommit;
import io.driftless.api.github.GitHubPayloads.AnyEvent;
import io.driftless.api.github.GitHubPayloads.DeleteEvent;
import io.driftless.api.github.GitHubPayloads.PingEvent;
import io.driftless.api.github.GitHubPayloads.PullRequest;
import io.driftless.api.github.GitHubPayloads.PullRequestEvent;
import io.driftless.api.policy.PullRequestClosures;
import io.driftless.api.service.ConflictProblem;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.JobStore;
import io.driftless.api.service.NewRevision;
import io.driftless.api.service.RepositorySettingsService;
import io.driftless.api.service.RepositorySettingsService.SettingsView;
import io.driftless.api.service.Views.Requested;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * GitHub webhook deliveries: stored durably when they arrive (with the job that processes them, in one
 * transaction), then acted on by a worker. Processing is idempotent: a delivery is done once, and
 * asking for a commit's revision again changes nothing.
 */
@ApplicationScoped
public class GitHubDeliveries {

    private static final Logger LOG = Logger.getLogger(GitHubDeliveries.class);

    /** The outcome of receiving a delivery: {@code created} is false for a replay. */
    public record Received(long id, String deliveryId, boolean created) {
    }

    /** A processed delivery, for tests and operators. */
    public record DeliveryView(long id, String deliveryId, String event, Instant receivedAt, Instant processedAt,
            String outcome) {
    }

    private final GitHubDeliveryRepository deliveries;
    private final JobStore jobs;
    private final EntityManager em;
    private final EnvironmentService environments;
    private final EnvironmentRepository environmentRepository;
    private final RepositorySettingsService settings;
    private final ForkApprovals forks;
    private final GitHubConfig.Policy policy;
    private final PullRequestClosures closures;

    public GitHubDeliveries(GitHubDeliveryRepository deliveries, JobStore jobs, EntityManager em,
            EnvironmentService environments, EnvironmentRepository environmentRepository,
            RepositorySettingsService settings, ForkApprovals forks, GitHubConfig config,
            PullRequestClosures closures) {
        this.closures = closures;
        this.deliveries = deliveries;
        this.jobs = jobs;
        this.em = em;
        this.environments = environments;
        this.environmentRepository = environmentRepository;
        this.settings = settings;
        this.forks = forks;
        this.policy = config.policy();
    }

    /** Stores a delivery and queues its processing, unless this delivery id was received before. */
    @Transactional
    public Received receive(String deliveryId, String event, String payload) {
        int inserted = em.createNativeQuery("""
                insert into github_delivery (delivery_id, event, payload, received_at)
                values (:delivery, :event, :payload, clock_timestamp())
                on conflict (delivery_id) do nothing""")
                .setParameter("delivery", deliveryId)
                .setParameter("event", event)
                .setParameter("payload", payload)
                .executeUpdate();
        GitHubDelivery delivery = deliveries.findByDeliveryId(deliveryId).orElseThrow();
        if (inserted == 1) {
            jobs.enqueue(Job.Kind.GITHUB_DELIVERY, null, null, "{\"delivery\":" + delivery.id + "}",
                    serialKey(event, payload));
        }
        return new Received(delivery.id, deliveryId, inserted == 1);
    }

    /**
     * Deliveries of one pull request are acted on one at a time, in the order received (a {@code closed}
     * never overtakes the {@code synchronize} before it); others in any order.
     */
    static String serialKey(String event, String payload) {
        if (!"pull_request".equals(event)) {
            return null;
        }
        try {
            GitHubPayloads.PullRequestEvent pr = GitHubPayloads.read(payload, GitHubPayloads.PullRequestEvent.class);
            if (pr.repository() == null || pr.repository().fullName() == null) {
                return null;
            }
            return "github:" + pr.repository().fullName().toLowerCase(java.util.Locale.ROOT) + "#" + pr.number();
        } catch (RuntimeException unreadable) {
            return null; // processing records why the payload cannot be read
        }
    }

    @Transactional
    public Optional<DeliveryView> find(String deliveryId) {
        return deliveries.findByDeliveryId(deliveryId).map(d -> new DeliveryView(d.id, d.deliveryId, d.event,
                d.receivedAt, d.processedAt, d.outcome));
    }

    @Transactional
    public long count() {
        return deliveries.count();
    }

    /** Acts on a stored delivery once and records what was done; a processed one is left alone. */
    public void process(long id) {
        GitHubDelivery delivery = QuarkusTransaction.requiringNew().call(() -> {
            GitHubDelivery d = deliveries.findById(id);
            if (d != null) {
                em.detach(d);
            }
            return d;
        });
        if (delivery == null || delivery.processedAt != null) {
            return;
        }
        String outcome;
        try {
            outcome = switch (delivery.event) {
                case "ping" -> ping(GitHubPayloads.read(delivery.payload, PingEvent.class));
                case "pull_request" -> pullRequest(GitHubPayloads.read(delivery.payload, PullRequestEvent.class));
                case "delete" -> deleted(GitHubPayloads.read(delivery.payload, DeleteEvent.class));
                default -> ignored(delivery);
            };
        } catch (IllegalArgumentException e) {
            // a payload that does not read will not read on another try either
            outcome = "ignored: " + e.getMessage();
        }
        String done = outcome;
        QuarkusTransaction.requiringNew().run(() -> {
            GitHubDelivery d = deliveries.findById(id);
            d.processedAt = Instant.now();
            d.outcome = done;
        });
        LOG.infof("GitHub delivery %s (%s): %s", delivery.deliveryId, delivery.event, outcome);
    }

    private static String ping(PingEvent ping) {
        return "pong: hook " + ping.hookId() + (ping.repository() == null ? "" : " of " + ping.repository().fullName())
                + " is set up";
    }

    private static String ignored(GitHubDelivery delivery) {
        AnyEvent any = GitHubPayloads.read(delivery.payload, AnyEvent.class);
        LOG.debugf("GitHub delivery %s: event %s%s is not acted on", delivery.deliveryId, delivery.event,
                any.action() == null ? "" : " (" + any.action() + ")");
        return "ignored: Driftless does not act on " + delivery.event + " events";
    }

    private String pullRequest(PullRequestEvent event) {
        PullRequest pr = event.pullRequest();
        if (pr == null || event.repository() == null || pr.head() == null) {
            return "ignored: the payload has no pull request";
        }
        String action = String.valueOf(event.action());
        return switch (action) {
            case "opened", "reopened", "synchronize", "ready_for_review" -> deploy(event, null);
            case "closed" -> {
                forks.close(event.repository().fullName(), pr.number());
                yield closures.closed(event.repository().fullName(), pr.number(),
                        pr.merged() ? "pull request merged" : "pull request closed", AuditEvent.GITHUB, null);
            }
            case "converted_to_draft" -> policy.onConvertedToDraft() == GitHubConfig.OnEvent.teardown
                    ? tearDown(event, "pull request converted to draft")
                    : "kept: policy on-converted-to-draft=keep";
            case "labeled", "unlabeled" -> labelChanged(event, action.equals("labeled"));
            default -> {
                LOG.debugf("pull_request action %s of %s#%d is not acted on", action,
                        event.repository().fullName(), pr.number());
                yield "ignored: pull_request action " + action + " is not acted on";
            }
        };
    }

    /** A deleted branch takes its API-made branch environment with it; pull requests have their own events. */
    private String deleted(DeleteEvent event) {
        if (event.repository() == null || event.ref() == null || !"branch".equals(event.refType())) {
            return "ignored: only deleted branches are acted on";
        }
        return closures.branchDeleted(event.repository().fullName(), event.ref(), AuditEvent.GITHUB);
    }

    private String labelChanged(PullRequestEvent event, boolean added) {
        String label = event.label() == null ? null : event.label().name();
        if (label == null) {
            return "ignored: no label named";
        }
        if (policy.optOutLabel().filter(label::equals).isPresent()) {
            return added ? tearDown(event, "label " + label + " added") : deploy(event, null);
        }
        if (policy.optInLabel().filter(label::equals).isPresent()) {
            return added ? deploy(event, null) : tearDown(event, "label " + label + " removed");
        }
        if (label.equals(policy.trustedLabel()) && added && isFork(event.pullRequest(), event)) {
            String sender = event.sender() == null ? "unknown" : event.sender().login();
            return deploy(event, AuditEvent.GITHUB + ":" + sender + " (label " + label + ")");
        }
        return "ignored: label " + label + " means nothing to Driftless";
    }

    /**
     * Asks for the revision of the pull request's head commit, if policy lets it have one.
     *
     * @param approvedBy who approves a fork's head commit with this event (the trusted label), or null
     */
    private String deploy(PullRequestEvent event, String approvedBy) {
        PullRequest pr = event.pullRequest();
        String base = event.repository().fullName();
        if (pr.head().repo() == null) {
            return "ignored: the head repository of " + base + "#" + pr.number() + " was deleted";
        }
        String head = pr.head().repo().fullName();
        Optional<String> optOut = policy.optOutLabel().filter(pr::hasLabel);
        if (optOut.isPresent()) {
            return "skipped: the pull request has the opt-out label " + optOut.get();
        }
        if (policy.optInLabel().isPresent() && !pr.hasLabel(policy.optInLabel().get())) {
            return "skipped: the pull request lacks the opt-in label " + policy.optInLabel().get();
        }
        if (pr.draft() && policy.drafts() == GitHubConfig.Drafts.skip) {
            return "skipped: draft pull requests get no revision (policy drafts=skip)";
        }
        Optional<SettingsView> repositorySettings = settings.find(base);
        if (repositorySettings.isEmpty()) {
            LOG.infof("GitHub pull request %s#%d ignored: repository %s has no settings; "
                    + "PUT /api/v1/repos/%s/settings to enable previews (from its spec file, or an imageTemplate)",
                    base, pr.number(), base, base);
            return "ignored: repository " + base + " has no settings (no image template)";
        }
        String commit = pr.head().sha();
        String branch = pr.head().ref();
        if (isFork(pr, event) && policy.forks() == GitHubConfig.Forks.ignore) {
            return "ignored: fork pull requests get no environment (policy forks=ignore)";
        }
        SettingsView s = repositorySettings.get();
        // read before approval, so the outcome says at once when there is nothing to run
        Optional<NewRevision> revision = settings.revisionOf(s, head, branch, pr.number(), commit);
        if (revision.isEmpty()) {
            return "ignored: " + RepositorySettingsService.nothingToDeploy(s);
        }
        try {
            if (isFork(pr, event)) {
                switch (policy.forks()) {
                    case ignore -> {
                        // answered above, before the spec file was read
                    }
                    case approval -> {
                        ForkCommit forkCommit = new ForkCommit(base, pr.number(), head, branch, commit);
                        ForkRequest.State state = forks.record(forkCommit);
                        if (state == ForkRequest.State.PENDING && approvedBy == null) {
                            return "awaiting approval: commit " + commit + " of fork " + head
                                    + " needs POST /api/v1/repos/" + base + "/pulls/" + pr.number()
                                    + "/approvals or the label " + policy.trustedLabel();
                        }
                        if (state == ForkRequest.State.PENDING) {
                            return describe(forks.approve(base, pr.number(), commit, approvedBy).requested());
                        }
                    }
                    case trusted -> {
                        // forks are treated as branches of the repository
                    }
                }
            }
            return describe(environments.request(revision.get(), AuditEvent.GITHUB));
        } catch (ConflictProblem e) {
            return "not done: " + e.getMessage();
        }
    }

    private static boolean isFork(PullRequest pr, PullRequestEvent event) {
        return pr.head().repo() != null && !pr.head().repo().fullName().equals(event.repository().fullName());
    }

    private static String describe(Requested requested) {
        return (requested.created() ? "asked for revision " : "revision exists already: ")
                + requested.revision().number() + " of environment " + requested.environment().id() + " for commit "
                + requested.revision().commit();
    }

    private String tearDown(PullRequestEvent event, String why) {
        String base = event.repository().fullName();
        int number = event.pullRequest().number();
        List<UUID> live = QuarkusTransaction.requiringNew().call(() -> environmentRepository
                .list("repository = ?1 and pullRequest = ?2 and status = ?3", base, number, EnvironmentStatus.ACTIVE)
                .stream().map(e -> e.id).toList());
        if (live.isEmpty()) {
            return "nothing to tear down (" + why + ")";
        }
        for (UUID id : live) {
            environments.teardown(id, AuditEvent.GITHUB);
        }
        return "tearing down environment(s) " + live + " (" + why + ")";
    }
}
