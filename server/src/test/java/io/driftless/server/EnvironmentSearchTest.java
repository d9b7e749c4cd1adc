package io.driftless.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.driftless.api.domain.Environment;
import io.driftless.api.domain.EnvironmentStatus;
import io.driftless.api.domain.Revision;
import io.driftless.api.domain.RevisionPhase;
import io.driftless.api.naming.Names;
import io.driftless.api.policy.PolicyDocument;
import io.driftless.api.policy.PolicyService;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.Views.EnvironmentQuery;
import io.driftless.api.service.Views.EnvironmentView;
import io.driftless.api.service.Views.Slice;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The environment list's search: filters, keyset pages that see every environment once, and a cost in
 * SQL statements that does not grow with the page. The environments are written straight to the
 * database (QUEUED revisions with no job), so no worker touches them.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnvironmentSearchTest {

    private static final int REPOSITORIES = 20;
    private static final int PER_REPOSITORY = 4;

    @Inject
    EnvironmentService environments;

    @Inject
    PolicyService policies;

    @Inject
    EntityManager em;

    private final String owner = "s" + UUID.randomUUID().toString().substring(0, 6);
    private final List<String> repositories = new ArrayList<>();

    @BeforeAll
    void manyEnvironmentsAcrossRepositoriesWithPoliciesOfTheirOwn() {
        Instant base = Instant.now().minus(Duration.ofHours(1));
        for (int r = 0; r < REPOSITORIES; r++) {
            String repository = owner + "/app" + r;
            repositories.add(repository);
            if (r % 2 == 0) {
                policies.putRepository(repository, PolicyDocument.parse(
                        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("idleExpiry", (r + 1) + "h"),
                        false), "test");
            }
            for (int b = 0; b < PER_REPOSITORY; b++) {
                String branch = (b == 0 ? "main" : "feature/search-" + r + "-" + b);
                boolean fork = b == 3;
                int pr = b == 0 ? 0 : 1000 + r * 10 + b;
                Instant created = base.plusSeconds(r * PER_REPOSITORY + b);
                insert(repository, fork ? "alice/app" + r : repository, branch, pr == 0 ? null : pr,
                        b == 2 ? RevisionPhase.FAILED : RevisionPhase.QUEUED, created);
            }
        }
    }

    private void insert(String repository, String head, String branch, Integer pr, RevisionPhase phase,
            Instant created) {
        QuarkusTransaction.requiringNew().run(() -> {
            Environment e = new Environment();
            e.id = UUID.randomUUID();
            e.repository = repository;
            e.headRepository = head;
            e.branch = branch;
            e.pullRequest = pr;
            e.slug = Names.environmentSlug(repository, head, branch);
            e.status = EnvironmentStatus.ACTIVE;
            e.createdAt = created;
            e.updatedAt = created;
            em.persist(e);
            Revision r = new Revision();
            r.id = UUID.randomUUID();
            r.environment = e;
            r.number = 1;
            r.commitSha = "a".repeat(40);
            r.image = Requests.IMAGE;
            r.port = 8080;
            r.specHash = Names.sha256Hex(e.id.toString());
            r.name = Names.revisionName(e.slug, r.specHash);
            r.requestedBy = "test";
            r.phase = phase;
            r.createdAt = created;
            r.updatedAt = created;
            em.persist(r);
            e.latestRevision = r;
        });
    }

    private static final Optional<Set<String>> ALL = Optional.empty();

    private EnvironmentQuery ownersOnly(String text, Integer pr, RevisionPhase phase, Boolean fork) {
        return new EnvironmentQuery(null, text, pr, phase, fork, false);
    }

    private Optional<Set<String>> ours() {
        return Optional.of(Set.copyOf(repositories.stream().map(r -> r.toLowerCase()).toList()));
    }

    @Test
    void aPageCostsTheSameFewStatementsWhateverItsSize() throws Exception {
        var small = StatementCounter.count(() -> environments.search(EnvironmentQuery.ALL, ours(), null, 5));
        var large = StatementCounter.count(() -> environments.search(EnvironmentQuery.ALL, ours(), null, 60));
        assertThat(small.result().items()).hasSize(5);
        assertThat(large.result().items()).hasSize(60);
        assertThat(large.result().items().stream().map(EnvironmentView::repository).distinct()).hasSizeGreaterThan(10);
        assertThat(large.statements()).as("environments with their revisions, then their policies")
                .isEqualTo(small.statements()).isLessThanOrEqualTo(2);
        assertThat(large.result().items()).allSatisfy(e -> assertThat(e.expiresAt()).isNotNull());
    }

    @Test
    void keysetPagesSeeEveryEnvironmentOnceNewestFirst() {
        List<EnvironmentView> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Slice<EnvironmentView> page = environments.search(EnvironmentQuery.ALL, ours(), after, 7);
            seen.addAll(page.items());
            after = page.next();
            pages++;
        } while (after != null);
        assertThat(seen).hasSize(REPOSITORIES * PER_REPOSITORY);
        assertThat(seen.stream().map(EnvironmentView::id).distinct()).hasSize(seen.size());
        assertThat(pages).isEqualTo((REPOSITORIES * PER_REPOSITORY + 6) / 7);
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).createdAt()).isBeforeOrEqualTo(seen.get(i - 1).createdAt());
        }
    }

    @Test
    void theSearchFiltersOnBranchTextPullRequestPhaseForkAndRepository() {
        assertThat(environments.search(ownersOnly("SEARCH-3-", null, null, null), ours(), null, 50).items())
                .extracting(EnvironmentView::branch)
                .containsExactlyInAnyOrder("feature/search-3-1", "feature/search-3-2", "feature/search-3-3");
        assertThat(environments.search(ownersOnly(null, 1052, null, null), ours(), null, 50).items())
                .extracting(EnvironmentView::branch).containsExactly("feature/search-5-2");
        assertThat(environments.search(ownersOnly(null, null, RevisionPhase.FAILED, null), ours(), null, 50).items())
                .hasSize(REPOSITORIES).allSatisfy(e -> assertThat(e.phase()).isEqualTo(RevisionPhase.FAILED));
        assertThat(environments.search(ownersOnly(null, null, null, true), ours(), null, 50).items())
                .hasSize(REPOSITORIES).allSatisfy(e -> assertThat(e.fork()).isTrue());
        assertThat(environments.search(new EnvironmentQuery(owner + "/APP7", null, null, null, false, false), ALL,
                null, 50).items()).hasSize(PER_REPOSITORY - 1);
        assertThat(environments.search(ownersOnly("100%_", null, null, null), ours(), null, 50).items())
                .as("% and _ are matched as text").isEmpty();
    }

    @Test
    void aCallerSeesOnlyItsRepositoriesAndACursorFromElsewhereIsRefused() {
        Set<String> one = Set.of(repositories.get(4).toLowerCase());
        assertThat(environments.search(EnvironmentQuery.ALL, Optional.of(one), null, 50).items())
                .hasSize(PER_REPOSITORY);
        assertThatThrownBy(() -> environments.search(EnvironmentQuery.ALL, ours(), "not-a-cursor", 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
