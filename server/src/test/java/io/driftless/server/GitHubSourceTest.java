package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import io.driftless.api.source.FileTooLarge;
import io.driftless.api.source.SourceHost;
import io.driftless.api.source.SourceUnavailable;
import io.driftless.worker.github.GitHubConfig;
import io.driftless.worker.github.GitHubCredentials;
import io.driftless.worker.github.GitHubSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * Files of a repository at a commit, read from a stub of GitHub's contents API; tree ids of its
 * directories, from a stub of its Git database API.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(value = GitHubStub.class, restrictToAnnotatedClass = true)
class GitHubSourceTest {

    private static final String RAW = "application/vnd.github.raw+json";
    private static final String SPEC = "version: 3\nservices:\n  web:\n    image: ghcr.io/acme/shop:1\n";

    @GitHubStub.Server
    WireMockServer github;

    @Inject
    GitHubSource source;

    @Inject
    GitHubConfig config;

    private MappingBuilder contents(String repository, String encodedPath, String commit) {
        return get(urlPathEqualTo("/repos/" + repository + "/contents/" + encodedPath))
                .withQueryParam("ref", equalTo(commit));
    }

    private MappingBuilder gitCommit(String repository, String commit) {
        return get(urlPathEqualTo("/repos/" + repository + "/git/commits/" + commit));
    }

    private MappingBuilder gitTree(String repository, String tree) {
        return get(urlPathEqualTo("/repos/" + repository + "/git/trees/" + tree));
    }

    private static ResponseDefinitionBuilder commitWithTree(String sha, String tree) {
        return okJson("{\"sha\":\"" + sha + "\",\"tree\":{\"sha\":\"" + tree + "\"},\"message\":\"m\"}");
    }

    /** A directory's listing: each entry given as path, type, sha. */
    private static ResponseDefinitionBuilder tree(String sha, String... entries) {
        StringBuilder json = new StringBuilder("{\"sha\":\"" + sha + "\",\"truncated\":false,\"tree\":[");
        for (int i = 0; i < entries.length; i += 3) {
            json.append(i == 0 ? "" : ",").append("{\"path\":\"").append(entries[i]).append("\",\"mode\":\"040000\",")
                    .append("\"type\":\"").append(entries[i + 1]).append("\",\"sha\":\"").append(entries[i + 2])
                    .append("\"}");
        }
        return okJson(json.append("]}").toString());
    }

    /** How often GitHub was asked what {@code request} matches (a builder is used once: it carries its stub's id). */
    private int calls(MappingBuilder request) {
        return github.countRequestsMatching(request.build().getRequest()).getCount();
    }

    private static ResponseDefinitionBuilder raw(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/vnd.github.raw; charset=utf-8")
                .withBody(body);
    }

    private static ResponseDefinitionBuilder notFound() {
        return aResponse().withStatus(404).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody("{\"message\":\"Not Found\",\"status\":\"404\"}");
    }

    @Test
    void aFileIsReadRawWithTheCredentialsEachSegmentOfItsPathEncodedAndReadOnceAtACommit() {
        String repository = uniqueRepository();
        String sha = commit();
        MappingBuilder file = contents(repository, "deploy/my%20stack/driftless.yaml", sha);
        github.stubFor(file.willReturn(raw(SPEC)));

        assertThat(source.readFile(repository, sha, "deploy/my stack/driftless.yaml")).contains(SPEC);
        assertThat(source.readFile(repository, sha, "deploy/my stack/driftless.yaml")).contains(SPEC);

        assertThat(calls(file)).isEqualTo(1);
        github.verify(getRequestedFor(urlPathEqualTo("/repos/" + repository + "/contents/deploy/my%20stack/driftless.yaml"))
                .withHeader("Accept", equalTo(RAW))
                .withHeader("Authorization", equalTo("Bearer " + GitHubStub.TOKEN))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
        // another commit is another file
        String next = commit();
        github.stubFor(contents(repository, "deploy/my%20stack/driftless.yaml", next).willReturn(raw("version: 3\n")));
        assertThat(source.readFile(repository, next, "deploy/my stack/driftless.yaml")).contains("version: 3\n");
    }

    @Test
    void aFileTheCommitDoesNotHaveIsEmptyAndThatIsKeptToo() {
        String repository = uniqueRepository();
        String sha = commit();
        MappingBuilder file = contents(repository, "driftless.yaml", sha);
        github.stubFor(contents(repository, "driftless.yaml", sha).willReturn(notFound()));
        github.stubFor(gitCommit(repository, sha).willReturn(okJson("{\"sha\":\"" + sha + "\"}")));

        assertThat(source.readFile(repository, sha, "driftless.yaml")).isEmpty();
        assertThat(source.readFile(repository, sha, "driftless.yaml")).isEmpty();

        assertThat(calls(file)).isEqualTo(1);
        assertThat(calls(gitCommit(repository, sha))).isEqualTo(1);
    }

    @Test
    void aRepositoryOrCommitGitHubDoesNotShowIsUnavailableNotAnAbsentFileAndIsAskedAgain() {
        String repository = uniqueRepository();
        String sha = commit();
        MappingBuilder file = contents(repository, "driftless.yaml", sha);
        github.stubFor(contents(repository, "driftless.yaml", sha).willReturn(notFound()));
        github.stubFor(gitCommit(repository, sha).willReturn(notFound()));

        assertThatThrownBy(() -> source.readFile(repository, sha, "driftless.yaml"))
                .isInstanceOf(SourceUnavailable.class)
                .hasMessageContaining("GitHub shows no commit " + sha + " in " + repository)
                .hasMessageContaining("the configured GitHub credentials cannot see it");
        assertThatThrownBy(() -> source.readFile(repository, sha, "driftless.yaml")).isInstanceOf(SourceUnavailable.class);

        assertThat(calls(file)).isEqualTo(2);
    }

    @Test
    void aServerErrorIsTriedAgainAndTheFileRead() {
        String repository = uniqueRepository();
        String sha = commit();
        MappingBuilder file = contents(repository, "driftless.yaml", sha);
        github.stubFor(contents(repository, "driftless.yaml", sha).inScenario(repository).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"))
                .willSetStateTo("recovered"));
        github.stubFor(contents(repository, "driftless.yaml", sha).inScenario(repository).whenScenarioStateIs("recovered").willReturn(raw(SPEC)));

        assertThat(source.readFile(repository, sha, "driftless.yaml")).contains(SPEC);

        assertThat(calls(file)).isEqualTo(2);
    }

    @Test
    void aServerErrorThatLastsIsUnavailableAfterThreeTriesAndNotKept() {
        String repository = uniqueRepository();
        String sha = commit();
        MappingBuilder file = contents(repository, "driftless.yaml", sha);
        github.stubFor(contents(repository, "driftless.yaml", sha).willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> source.readFile(repository, sha, "driftless.yaml"))
                .isInstanceOf(SourceUnavailable.class).hasMessageContaining("HTTP 503")
                .hasMessageContaining("read driftless.yaml of " + repository + " at " + sha);
        assertThat(calls(file)).isEqualTo(3);

        github.stubFor(contents(repository, "driftless.yaml", sha).willReturn(raw(SPEC)));
        assertThat(source.readFile(repository, sha, "driftless.yaml")).contains(SPEC);
    }

    @Test
    void aRateLimitThatResetsSoonIsWaitedForAndTheFileRead() {
        String repository = uniqueRepository();
        String sha = commit();
        MappingBuilder file = contents(repository, "driftless.yaml", sha);
        long reset = Instant.now().plusSeconds(1).getEpochSecond();
        github.stubFor(contents(repository, "driftless.yaml", sha).inScenario(repository).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(rateLimited(reset)).willSetStateTo("reset"));
        github.stubFor(contents(repository, "driftless.yaml", sha).inScenario(repository).whenScenarioStateIs("reset").willReturn(raw(SPEC)));

        assertThat(source.readFile(repository, sha, "driftless.yaml")).contains(SPEC);

        assertThat(calls(file)).isEqualTo(2);
    }

    @Test
    void aRateLimitThatResetsLaterIsUnavailableWithTheWaitForTheJobToBeTriedAgain() {
        String repository = uniqueRepository();
        String sha = commit();
        MappingBuilder file = contents(repository, "driftless.yaml", sha);
        github.stubFor(contents(repository, "driftless.yaml", sha).willReturn(rateLimited(Instant.now().plus(Duration.ofHours(1)).getEpochSecond())));

        assertThatThrownBy(() -> source.readFile(repository, sha, "driftless.yaml"))
                .isInstanceOfSatisfying(SourceUnavailable.class, e -> assertThat(e.retryAfter()).hasValueSatisfying(
                        wait -> assertThat(wait).isBetween(Duration.ofMinutes(58), Duration.ofMinutes(61))))
                .hasMessageContaining("API rate limit exceeded");
        assertThat(calls(file)).isEqualTo(1);
    }

    @Test
    void aFileOverTheLimitIsRefusedAsTooLarge() {
        String repository = uniqueRepository();
        String sha = commit();
        github.stubFor(contents(repository, "driftless.yaml", sha).willReturn(raw("#".repeat(SourceHost.MAX_FILE_BYTES + 1))));
        String fits = commit();
        github.stubFor(contents(repository, "driftless.yaml", fits).willReturn(raw("#".repeat(SourceHost.MAX_FILE_BYTES))));

        assertThatThrownBy(() -> source.readFile(repository, sha, "driftless.yaml"))
                .isInstanceOfSatisfying(FileTooLarge.class, e -> assertThat(e.size()).isEqualTo(SourceHost.MAX_FILE_BYTES + 1))
                .hasMessageContaining("at most 262144 (256 KiB)");
        assertThat(source.readFile(repository, fits, "driftless.yaml")).hasValueSatisfying(
                content -> assertThat(content).hasSize(SourceHost.MAX_FILE_BYTES));
    }

    @Test
    void withoutCredentialsAPublicRepositoryIsReadAnonymouslyAndAPrivateOneSaysCredentialsAreNeeded() {
        GitHubConfig anonymous = withoutCredentials(config);
        GitHubSource unauthenticated = new GitHubSource(anonymous, new GitHubCredentials(anonymous), null);
        String repository = uniqueRepository();
        String sha = commit();
        github.stubFor(contents(repository, "driftless.yaml", sha).willReturn(raw(SPEC)));

        assertThat(unauthenticated.readFile(repository, sha, "driftless.yaml")).contains(SPEC);
        github.verify(getRequestedFor(urlPathEqualTo("/repos/" + repository + "/contents/driftless.yaml"))
                .withHeader("Authorization", absent()));

        String hidden = uniqueRepository();
        github.stubFor(contents(hidden, "driftless.yaml", sha).willReturn(notFound()));
        github.stubFor(gitCommit(hidden, sha).willReturn(notFound()));
        assertThatThrownBy(() -> unauthenticated.readFile(hidden, sha, "driftless.yaml"))
                .isInstanceOf(SourceUnavailable.class)
                .hasMessageContaining("no GitHub credentials are configured");
    }

    @Test
    void theRootsTreeIdIsTheCommitsTreeAskedWithTheCredentialsAndOnceAtACommit() {
        String repository = uniqueRepository();
        String sha = commit();
        String root = commit();
        github.stubFor(gitCommit(repository, sha).willReturn(commitWithTree(sha, root)));

        assertThat(source.treeId(repository, sha, ".")).contains(root);
        assertThat(source.treeId(repository, sha.toUpperCase(java.util.Locale.ROOT), ".")).contains(root);

        assertThat(calls(gitCommit(repository, sha))).isEqualTo(1);
        github.verify(getRequestedFor(urlPathEqualTo("/repos/" + repository + "/git/commits/" + sha))
                .withHeader("Authorization", equalTo("Bearer " + GitHubStub.TOKEN)));
    }

    @Test
    void aNestedDirectorysTreeIdIsFoundSegmentBySegmentAndKept() {
        String repository = uniqueRepository();
        String sha = commit();
        String root = commit();
        String services = commit();
        String api = commit();
        github.stubFor(gitCommit(repository, sha).willReturn(commitWithTree(sha, root)));
        github.stubFor(gitTree(repository, root).willReturn(tree(root, "README.md", "blob", commit(),
                "services", "tree", services)));
        github.stubFor(gitTree(repository, services).willReturn(tree(services, "api", "tree", api,
                "api.md", "blob", commit())));

        assertThat(source.treeId(repository, sha, "services/api")).contains(api);
        assertThat(source.treeId(repository, sha, "services/api")).contains(api);
        assertThat(source.treeId(repository, sha, "services")).contains(services);

        assertThat(calls(gitTree(repository, services))).isEqualTo(1);
        assertThat(calls(gitTree(repository, root))).isEqualTo(2); // services/api, then services
        github.verify(getRequestedFor(urlPathEqualTo("/repos/" + repository + "/git/trees/" + services))
                .withHeader("Authorization", equalTo("Bearer " + GitHubStub.TOKEN)));
    }

    @Test
    void aDirectoryTheCommitDoesNotHaveIsEmptyAsIsAFileOrSubmoduleByThatNameAndThatIsKept() {
        String repository = uniqueRepository();
        String sha = commit();
        String root = commit();
        github.stubFor(gitCommit(repository, sha).willReturn(commitWithTree(sha, root)));
        github.stubFor(gitTree(repository, root).willReturn(tree(root, "README.md", "blob", commit(),
                "vendor", "commit", commit())));

        assertThat(source.treeId(repository, sha, "web")).isEmpty();
        assertThat(source.treeId(repository, sha, "README.md")).isEmpty();
        assertThat(source.treeId(repository, sha, "vendor")).isEmpty();
        assertThat(source.treeId(repository, sha, "web")).isEmpty();

        assertThat(calls(gitTree(repository, root))).isEqualTo(3);
    }

    @Test
    void aTreeOfACommitGitHubDoesNotShowIsUnavailableAndATreeListingThatFailsIsTriedAgain() {
        String repository = uniqueRepository();
        String sha = commit();
        github.stubFor(gitCommit(repository, sha).willReturn(notFound()));
        assertThatThrownBy(() -> source.treeId(repository, sha, "."))
                .isInstanceOf(SourceUnavailable.class)
                .hasMessageContaining("GitHub shows no commit " + sha + " in " + repository + ", so the tree of . is unknown");

        String next = commit();
        String root = commit();
        String web = commit();
        github.stubFor(gitCommit(repository, next).willReturn(commitWithTree(next, root)));
        github.stubFor(gitTree(repository, root).inScenario(repository).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502)).willSetStateTo("recovered"));
        github.stubFor(gitTree(repository, root).inScenario(repository).whenScenarioStateIs("recovered")
                .willReturn(tree(root, "web", "tree", web)));
        assertThat(source.treeId(repository, next, "web")).contains(web);
        assertThat(calls(gitTree(repository, root))).isEqualTo(2);
    }

    @Test
    void whatIsNotARepositoryCommitOrDirectoryIsRefusedBeforeAskingForATree() {
        assertThatThrownBy(() -> source.treeId("acme/shop", "main", "."))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("full commit SHA");
        assertThatThrownBy(() -> source.treeId("acme/shop", commit(), "web/"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> source.treeId("acme/shop", commit(), "./web"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatIsNotARepositoryCommitOrPathIsRefusedBeforeAskingGitHub() {
        assertThatThrownBy(() -> source.readFile("acme", commit(), "driftless.yaml"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> source.readFile("acme/shop", "main", "driftless.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("full commit SHA");
        assertThatThrownBy(() -> source.readFile("acme/shop", commit(), "../driftless.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'..'");
    }

    private static ResponseDefinitionBuilder rateLimited(long resetEpochSeconds) {
        return aResponse().withStatus(403).withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("X-RateLimit-Limit", "5000").withHeader("X-RateLimit-Remaining", "0")
                .withHeader("X-RateLimit-Reset", Long.toString(resetEpochSeconds))
                .withBody("{\"message\":\"API rate limit exceeded for installation ID 1.\"}");
    }

    /** The configured GitHub, with neither a token nor an App. */
    private static GitHubConfig withoutCredentials(GitHubConfig configured) {
        return TestGitHubConfig.of(configured.apiUrl(), Optional.empty(), configured.connectTimeout(),
                configured.readTimeout());
    }
}
