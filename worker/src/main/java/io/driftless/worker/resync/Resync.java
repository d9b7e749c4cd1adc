package io.driftless.worker.resync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.driftless.api.service.DesiredState;
import io.driftless.api.service.DesiredState.Snapshot;
import io.driftless.api.service.Views.DeployTarget;
import io.driftless.api.service.Views.RouteTarget;
import io.driftless.worker.deploy.Deployer;
import io.driftless.worker.deploy.OrphanSweep;
import io.driftless.worker.deploy.Router;
import io.driftless.worker.render.AliasRenderer;
import io.driftless.worker.render.Labels;
import io.driftless.worker.render.RevisionRenderer;
import io.driftless.worker.resync.Differences.Difference;
import io.driftless.worker.resync.Differences.Expected;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The level-triggered pass over the whole cluster: read what the database wants (every READY
 * revision's rendered objects and every alias), list what the cluster holds (one call per kind, by
 * Driftless's label, in all namespaces), compare in memory, and queue a RECONCILE job for each
 * environment that differs. The reconcile jobs run in each environment's cluster lane, so they never
 * race a deploy, teardown or rollback of the same environment. Removals no job is carrying out any
 * more are asked for again, and the orphan sweep removes what the database no longer knows.
 *
 * <p>This catches what no watch can report: whatever changed while no worker was watching (a
 * namespace deleted during an upgrade, an alias edited during a partition, the simulated cluster
 * emptied by a restart).
 */
@ApplicationScoped
public class Resync {

    private static final Logger LOG = Logger.getLogger(Resync.class);

    /** The kinds a revision and an alias are made of: one list call each. */
    static final List<Class<? extends HasMetadata>> KINDS = List.of(Namespace.class, ServiceAccount.class,
            ResourceQuota.class, LimitRange.class, NetworkPolicy.class, Deployment.class, Service.class, Ingress.class,
            PersistentVolumeClaim.class);

    private final KubernetesClient client;
    private final DesiredState desired;
    private final Deployer deployer;
    private final Router router;
    private final OrphanSweep sweep;

    public Resync(KubernetesClient client, DesiredState desired, Deployer deployer, Router router, OrphanSweep sweep) {
        this.client = client;
        this.desired = desired;
        this.deployer = deployer;
        this.router = router;
        this.sweep = sweep;
    }

    /** What one pass found and did. */
    public record Outcome(int revisions, int aliases, int listCalls, int objectsCompared, List<Difference> differences,
            Set<UUID> environmentsToReconcile, int removalsAskedAgain, List<String> swept, Duration took,
            Duration reading, Duration rendering, Duration listing, Duration comparing) {

        public String summary() {
            return String.format("resync compared %d objects of %d READY revisions and %d aliases (%d list calls) in %d ms"
                    + " (database %d, render %d, list %d, compare %d):"
                    + " %d differences in %d environments queued for reconcile, %d removals asked for again, %d orphans swept",
                    objectsCompared, revisions, aliases, listCalls, took.toMillis(), reading.toMillis(),
                    rendering.toMillis(), listing.toMillis(), comparing.toMillis(), differences.size(),
                    environmentsToReconcile.size(), removalsAskedAgain, swept.size());
        }
    }

    public Outcome pass() {
        long started = System.nanoTime();
        Snapshot snapshot = desired.snapshot();
        long read = System.nanoTime();
        List<Expected> expected = expected(snapshot);
        long rendered = System.nanoTime();
        List<HasMetadata> listed = new ArrayList<>();
        for (Class<? extends HasMetadata> kind : KINDS) {
            listed.addAll(client.resources(kind).inAnyNamespace().withLabel(Labels.MANAGED_BY, Labels.DRIFTLESS)
                    .list().getItems());
        }
        long fetched = System.nanoTime();
        List<Difference> differences = Differences.of(expected, LiveObjects.of(listed));
        long compared = System.nanoTime();
        Set<UUID> environments = new LinkedHashSet<>();
        differences.forEach(d -> environments.add(d.environmentId()));
        int asked = desired.enqueue(environments, snapshot.removals()).removals();
        List<String> swept = sweep.sweep();
        Outcome outcome = new Outcome(snapshot.ready().size(), snapshot.aliases().size(), KINDS.size(), expected.size(),
                differences, environments, asked, swept, Duration.ofNanos(System.nanoTime() - started),
                Duration.ofNanos(read - started), Duration.ofNanos(rendered - read), Duration.ofNanos(fetched - rendered),
                Duration.ofNanos(compared - fetched));
        if (differences.isEmpty() && asked == 0 && swept.isEmpty()) {
            LOG.infof("%s", outcome.summary());
        } else {
            LOG.warnf("%s", outcome.summary());
        }
        return outcome;
    }

    /** Every object the database wants in the cluster, revision by revision, then the aliases. */
    List<Expected> expected(Snapshot snapshot) {
        List<Expected> expected = new ArrayList<>();
        for (DeployTarget target : snapshot.ready()) {
            for (HasMetadata object : deployer.rendered(target)) {
                expected.add(new Expected(target.environmentId(), target.revisionId(), object));
            }
        }
        for (RouteTarget alias : snapshot.aliases()) {
            for (HasMetadata object : AliasRenderer.render(router.aliasInput(alias))) {
                expected.add(new Expected(alias.environmentId(), alias.revisionId(), object));
            }
        }
        return expected;
    }
}
