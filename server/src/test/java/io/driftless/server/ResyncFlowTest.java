package io.driftless.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.driftless.server.rbac.ClusterAdmin;
import io.driftless.api.domain.DriftEvent;
import io.driftless.api.domain.Job;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.service.DesiredState;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.JobStore;
import io.driftless.api.service.RepositorySecrets;
import io.driftless.api.service.NewRevision;
import io.driftless.api.service.RevisionLifecycle;
import io.driftless.api.service.Views.DriftView;
import io.driftless.api.service.Views.EnvironmentView;
import io.driftless.api.service.Views.RevisionView;
import io.driftless.api.spec.StackSpec;
import io.driftless.worker.config.WorkerConfig;
import io.driftless.worker.deploy.ClusterWrites;
import io.driftless.worker.deploy.Deployer;
import io.driftless.worker.deploy.Router;
import io.driftless.worker.render.AliasRenderer;
import io.driftless.worker.render.Labels;
import io.driftless.worker.render.Readiness;
import io.driftless.worker.render.RevisionRenderer;
import io.driftless.worker.resync.Reconciler;
import io.driftless.worker.resync.Resync;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The level-triggered resync, with no worker running: this process serves the API only, so nothing
 * watches the cluster while the test changes it behind Driftless's back, as during an upgrade or a
 * crash. The test plays the worker's part step by step: deploy, readiness, routing; then a change
 * made while nobody watched; then the resync a starting worker runs, and the reconcile it queues.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestProfile(JobQueueTest.QueueOnly.class)
class ResyncFlowTest {

    static final String ROUTING = "driftless-routing";

    @Inject
    @ClusterAdmin
    KubernetesClient client;

    @Inject
    EnvironmentService environments;

    @Inject
    RevisionLifecycle lifecycle;

    @Inject
    Deployer deployer;

    @Inject
    Router router;

    @Inject
    Resync resync;

    @Inject
    Reconciler reconciler;

    @Inject
    JobStore jobs;

    @Inject
    RepositorySecrets secrets;

    /** A READY revision with its alias, as a worker leaves it; returns its environment. */
    EnvironmentView readyEnvironment() {
        String repository = Requests.uniqueRepository();
        UUID revision = environments.request(new NewRevision(repository, repository, "main", null, Requests.commit(),
                Requests.IMAGE, 8080), "test").revision().id();
        deployer.deploy(revision);
        RevisionView view = environments.getRevision(revision);
        awaitAvailable(view.namespace());
        lifecycle.moveTo(revision, RevisionPhase.READY, "test", "Deployment available");
        router.route(view.environmentId());
        return environments.get(view.environmentId());
    }

    void awaitAvailable(String namespace) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> Readiness.isAvailable(deployment(namespace)));
    }

    Deployment deployment(String namespace) {
        return client.apps().deployments().inNamespace(namespace).withName(RevisionRenderer.APP).get();
    }

    /** The resourceVersion of everything of the revision and its alias: proof that nothing was written. */
    Map<String, String> versions(EnvironmentView environment) {
        String namespace = environment.revisions().get(0).namespace();
        List<HasMetadata> objects = new java.util.ArrayList<>();
        for (Class<? extends HasMetadata> kind : List.of(Deployment.class, io.fabric8.kubernetes.api.model.Service.class,
                io.fabric8.kubernetes.api.model.networking.v1.Ingress.class,
                io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class)) {
            objects.addAll(client.resources(kind).inNamespace(namespace).list().getItems());
            objects.addAll(client.resources(kind).inNamespace(ROUTING)
                    .withLabel(Labels.ENVIRONMENT, environment.id().toString()).list().getItems());
        }
        objects.add(client.namespaces().withName(namespace).get());
        return objects.stream().collect(Collectors.toMap(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/"
                + o.getMetadata().getName(), o -> o.getMetadata().getResourceVersion()));
    }

    List<DriftView> drifts(UUID environmentId) {
        return environments.get(environmentId).revisions().get(0).drifts();
    }

    List<Job> reconcileJobs(UUID environmentId) {
        return jobs.listByEnvironment(environmentId).stream().filter(j -> j.kind == Job.Kind.RECONCILE).toList();
    }

    @Test
    void aResyncWithNothingToDoChangesNothingAndRecordsNothing() {
        EnvironmentView environment = readyEnvironment();
        Map<String, String> before = versions(environment);

        Resync.Outcome outcome = resync.pass();

        assertThat(outcome.differences()).noneMatch(d -> d.environmentId().equals(environment.id()));
        assertThat(outcome.listCalls()).as("one list call per kind, however many revisions").isEqualTo(9);
        assertThat(reconcileJobs(environment.id())).isEmpty();
        assertThat(reconciler.reconcile(environment.id())).isEmpty();
        assertThat(versions(environment)).isEqualTo(before);
        assertThat(drifts(environment.id())).isEmpty();
        assertThat(environments.get(environment.id()).phase()).isEqualTo(RevisionPhase.READY);
    }

    @Test
    void aStacksNamespaceDeletedWhileNoWorkerRanComesBackWithItsSecretWhichTheResyncNeverReads() {
        String repository = Requests.uniqueRepository();
        secrets.put(repository, "STRIPE_TEST_KEY", "sk_test_resync", "test");
        StackSpec stack = new StackSpec(new java.util.TreeMap<>(Map.of("web", new StackSpec.ServiceSpec("web",
                Requests.IMAGE, 8080, true, List.of(), List.of(),
                Map.of("STRIPE_KEY", StackSpec.EnvValue.secretNamed("STRIPE_TEST_KEY")), null, java.util.Set.of(), null,
                null))), StackSpec.Hooks.NONE);
        UUID revision = environments.request(NewRevision.ofStack(repository, repository, "main", null,
                Requests.commit(), stack, null), "test").revision().id();
        deployer.deploy(revision);
        RevisionView view = environments.getRevision(revision);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                Readiness.isAvailable(client.apps().deployments().inNamespace(view.namespace()).withName("web").get()));
        lifecycle.moveTo(revision, RevisionPhase.READY, "test", "every service ready");
        router.route(view.environmentId());
        assertThat(client.secrets().inNamespace(view.namespace()).withName("repository-secrets").get()).isNotNull();

        client.namespaces().withName(view.namespace()).delete();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.namespaces().withName(view.namespace()).get() == null
                        && client.secrets().inNamespace(view.namespace()).list().getItems().isEmpty());
        assertThat(resync.pass().environmentsToReconcile()).contains(view.environmentId());

        reconciler.reconcile(view.environmentId());

        assertThat(client.apps().deployments().inNamespace(view.namespace()).withName("web").get()).isNotNull();
        assertThat(client.secrets().inNamespace(view.namespace()).withName("repository-secrets").get().getData())
                .containsOnlyKeys("STRIPE_TEST_KEY");
        assertThat(environments.getRevision(revision).phase()).isEqualTo(RevisionPhase.DEPLOYING);
    }

    @Test
    void aNamespaceDeletedWhileNoWorkerRanIsRecreatedAtTheNextResyncAndGoesThroughReadinessAgain() {
        EnvironmentView environment = readyEnvironment();
        RevisionView revision = environment.revisions().get(0);
        client.namespaces().withName(revision.namespace()).delete();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> client.namespaces().withName(revision.namespace()).get() == null
                        && deployment(revision.namespace()) == null);

        Resync.Outcome outcome = resync.pass();

        assertThat(outcome.environmentsToReconcile()).contains(environment.id());
        assertThat(reconcileJobs(environment.id())).singleElement()
                .satisfies(j -> assertThat(j.state).isEqualTo(Job.State.QUEUED));
        assertThat(resync.pass().environmentsToReconcile()).contains(environment.id());
        assertThat(reconcileJobs(environment.id())).as("a second resync does not queue it twice").hasSize(1);

        reconciler.reconcile(environment.id());

        assertThat(client.namespaces().withName(revision.namespace()).get()).isNotNull();
        assertThat(deployment(revision.namespace())).isNotNull();
        assertThat(client.network().v1().networkPolicies().inNamespace(revision.namespace()).list().getItems())
                .hasSize(5);
        RevisionView after = environments.getRevision(revision.id());
        assertThat(after.phase()).as("not READY until the cluster says so").isEqualTo(RevisionPhase.DEPLOYING);
        assertThat(after.phases().get(after.phases().size() - 1).reason()).contains("recreated at resync");
        assertThat(after.drifts()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DriftEvent.Kind.DELETED);
            assertThat(d.objectKind()).isEqualTo("Namespace");
            assertThat(d.cause()).isEqualTo(DriftEvent.Cause.RESYNC);
            assertThat(d.foundBy()).isEqualTo("found at resync");
            assertThat(d.healedAt()).isNotNull();
        });
        assertThat(environments.get(environment.id()).currentRevisionId()).as("the alias stays where it was")
                .isEqualTo(revision.id());
        awaitAvailable(revision.namespace());
        lifecycle.moveTo(revision.id(), RevisionPhase.READY, "test", "Deployment available");
        assertThat(environments.get(environment.id()).currentRevisionId()).isEqualTo(revision.id());
    }

    @Test
    void aDeploymentEditedWhileNoWorkerRanIsRevertedAtTheNextResync() {
        EnvironmentView environment = readyEnvironment();
        String namespace = environment.revisions().get(0).namespace();
        client.apps().deployments().inNamespace(namespace).withName(RevisionRenderer.APP).edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil/miner:latest");
            return d;
        });

        assertThat(resync.pass().environmentsToReconcile()).contains(environment.id());
        reconciler.reconcile(environment.id());

        assertThat(deployment(namespace).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo(Requests.IMAGE);
        assertThat(drifts(environment.id())).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DriftEvent.Kind.EDITED);
            assertThat(d.detail()).contains("evil/miner:latest");
            assertThat(d.cause()).isEqualTo(DriftEvent.Cause.RESYNC);
            assertThat(d.healedAt()).isNotNull();
        });
        assertThat(environments.get(environment.id()).phase()).as("an edit heals in place").isEqualTo(RevisionPhase.READY);
    }

    @Test
    void anAliasPointedElsewhereWhileNoWorkerRanPointsWhereTheDatabaseSaysAfterTheNextResync() {
        EnvironmentView environment = readyEnvironment();
        EnvironmentView other = readyEnvironment();
        client.services().inNamespace(ROUTING).withName(environment.name()).edit(s -> {
            s.getMetadata().getAnnotations().put(AliasRenderer.TARGET_REVISION, other.currentRevisionId().toString());
            s.getSpec().setExternalName("app." + other.revisions().get(0).namespace() + ".svc.cluster.local");
            return s;
        });

        assertThat(resync.pass().environmentsToReconcile()).contains(environment.id()).doesNotContain(other.id());
        reconciler.reconcile(environment.id());

        var alias = client.services().inNamespace(ROUTING).withName(environment.name()).get();
        assertThat(alias.getMetadata().getAnnotations().get(AliasRenderer.TARGET_REVISION))
                .isEqualTo(environment.currentRevisionId().toString());
        assertThat(alias.getSpec().getExternalName()).contains(environment.revisions().get(0).namespace());
        assertThat(drifts(environment.id())).singleElement().satisfies(d -> {
            assertThat(d.objectKind()).isEqualTo("Service");
            assertThat(d.objectName()).isEqualTo(ROUTING + "/" + environment.name());
            assertThat(d.cause()).isEqualTo(DriftEvent.Cause.RESYNC);
        });
    }

    @Test
    void aTeardownWhoseJobGaveUpIsAskedForAgainByTheResync() {
        EnvironmentView environment = readyEnvironment();
        environments.teardown(environment.id(), "test");
        // the teardown job failed for good (say the API server refused it for an hour)
        for (Job job : jobs.listByEnvironment(environment.id())) {
            if (job.state == Job.State.QUEUED) {
                failForGood(job.id);
            }
        }

        resync.pass();

        assertThat(jobs.listByEnvironment(environment.id())).filteredOn(j -> j.state == Job.State.QUEUED)
                .extracting(j -> j.kind).containsExactly(Job.Kind.TEARDOWN);
    }

    @Inject
    DesiredState desired;

    @Inject
    ClusterWrites writes;

    @Inject
    WorkerConfig config;

    @Test
    void withDriftReportedOnlyTheResyncRecordsTheDifferenceAndChangesNothing() {
        EnvironmentView environment = readyEnvironment();
        String namespace = environment.revisions().get(0).namespace();
        client.apps().deployments().inNamespace(namespace).withName(RevisionRenderer.APP).edit(d -> {
            d.getSpec().setReplicas(7);
            return d;
        });
        WorkerConfig reportOnly = (WorkerConfig)
                Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {WorkerConfig.class},
                        (proxy, method, args) -> method.getName().equals("drift")
                                ? WorkerConfig.DriftMode.report
                                : method.invoke(config, args));
        Reconciler reporting = new Reconciler(client, desired, environments, lifecycle, deployer, router, writes,
                reportOnly);

        assertThat(reporting.reconcile(environment.id())).hasSize(1);

        assertThat(deployment(namespace).getSpec().getReplicas()).as("left as edited").isEqualTo(7);
        assertThat(drifts(environment.id())).singleElement().satisfies(d -> {
            assertThat(d.detail()).contains("spec.replicas: 1 → 7");
            assertThat(d.cause()).isEqualTo(DriftEvent.Cause.RESYNC);
            assertThat(d.healedAt()).isNull();
        });
        assertThat(environments.get(environment.id()).phase()).isEqualTo(RevisionPhase.READY);
    }

    @Inject
    EntityManager em;

    void failForGood(long jobId) {
        QuarkusTransaction.requiringNew().run(() -> em
                .createQuery("update Job set state = :failed, lastError = 'gave up' where id = :id")
                .setParameter("failed", Job.State.FAILED).setParameter("id", jobId).executeUpdate());
    }
}
