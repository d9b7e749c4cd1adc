package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.driftless.api.rest.EventStreams;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The pages live from the event stream, in a real headless Chromium: no polling while idle, a change shown
 * within a second, a broken stream reconnected and caught up; and the actions on the environment page
 * (deploying a FAILED revision again) and the admins' form that asks for an environment.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class LiveUiBrowserTest {

    /** Marks the page and counts htmx swaps and stream (re)openings, to tell live updates from reloads. */
    private static final String WATCH_PAGE = """
            window.__marker = 1;
            window.__swaps = 0;
            window.__opens = 0;
            document.body.addEventListener('htmx:afterSwap', () => window.__swaps++);
            document.body.addEventListener('htmx:sseOpen', () => window.__opens++);
            """;

    /** How soon a change must show on an open page. */
    private static final Duration LIVE = Duration.ofSeconds(1);

    private static Browser browser;

    @TestHTTPResource("/")
    URL root;

    @Inject
    EventStreams streams;

    @KubernetesTestServer
    KubernetesServer cluster;

    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = Browser.start();
        }
        if (browser.driver.manage().getCookies().stream().noneMatch(c -> c.getName().equals("quarkus-credential"))) {
            browser.driver.get(root + "login");
            browser.driver.findElement(By.id("username")).sendKeys("admin");
            browser.driver.findElement(By.id("password")).sendKeys(Requests.ADMIN_PASSWORD);
            browser.driver.findElement(By.id("login")).click();
            browser.waiting().until(d -> !d.getCurrentUrl().endsWith("/login"));
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anIdleListPageMakesNoRequestsButItsEventStream() throws InterruptedException {
        String id = readyEnvironment(uniqueRepository());
        openLive(listOf(given().get("/api/v1/environments/" + id).path("repository")));
        long before = (Long) browser.script("return performance.getEntriesByType('resource').length");

        // not a wait for something to happen: the span in which nothing may; the test profile's heartbeat
        // (1 s) keeps the stream busy meanwhile
        Thread.sleep(3_000);

        @SuppressWarnings("unchecked")
        List<String> later = (List<String>) browser.script(
                "return performance.getEntriesByType('resource').slice(arguments[0]).map(e => e.name)", before);
        assertThat(later).as("requests of an idle page").allMatch(name -> name.contains("/ui/events"));
        assertThat(streams.open()).as("the page's stream is open").isPositive();
        assertThat(browser.script("return window.__marker")).isEqualTo(1L);
    }

    @Test
    void aPhaseChangeMadeThroughTheApiShowsOnTheOpenListWithinASecond() {
        String repository = uniqueRepository();
        String id = readyEnvironment(repository);
        openLive(listOf(repository));
        String row = "tr[data-environment='" + id + "'] span.phase";
        assertThat(text(row)).isEqualTo("READY");

        given().delete("/api/v1/environments/" + id).then().statusCode(202);

        new WebDriverWait(browser.driver, LIVE, Duration.ofMillis(20)).withMessage("the row to leave READY")
                .until(d -> Set.of("TEARING_DOWN", "TORN_DOWN").contains(text(row)));
        assertThat(browser.script("return window.__marker")).as("shown live, not by a reload").isEqualTo(1L);
    }

    @Test
    void aPhaseChangeMadeThroughTheApiShowsOnTheOpenEnvironmentPageWithinASecond() {
        String id = readyEnvironment(uniqueRepository());
        openLive(root + "environments/" + id);
        assertThat(text("#environment-live span.status")).isEqualTo("ACTIVE");

        given().delete("/api/v1/environments/" + id).then().statusCode(202);

        new WebDriverWait(browser.driver, LIVE, Duration.ofMillis(20)).withMessage("the status to leave ACTIVE")
                .until(d -> Set.of("TEARING_DOWN", "TORN_DOWN").contains(text("#environment-live span.status")));
        assertThat(browser.script("return window.__marker")).as("shown live, not by a reload").isEqualTo(1L);
    }

    /**
     * A browser opens at most 6 connections to a host over HTTP/1.1, and keeps pages it left in its
     * back/forward cache: pages that kept their streams open there would leave the next pages waiting.
     */
    @Test
    void pagesLeftBehindDoNotHoldTheirStreamsOpen() {
        String repository = uniqueRepository();
        String id = readyEnvironment(repository);
        for (int page = 0; page < 8; page++) {
            openLive(root + "?repository=" + page + "/none");
        }
        openLive(listOf(repository));

        given().delete("/api/v1/environments/" + id).then().statusCode(202);

        String row = "tr[data-environment='" + id + "'] span.phase";
        new WebDriverWait(browser.driver, LIVE, Duration.ofMillis(20)).withMessage("the ninth page to be live")
                .until(d -> Set.of("TEARING_DOWN", "TORN_DOWN").contains(text(row)));
    }

    @Test
    void aBrokenStreamIsReopenedAndThePageCatchesUpOnWhatItMissed() {
        String repository = uniqueRepository();
        String id = readyEnvironment(repository);
        openLive(listOf(repository));
        String row = "tr[data-environment='" + id + "'] span.phase";
        browser.script("window.__opens = 0");

        streams.disconnectAll();
        browser.waiting().withMessage("the server to have ended every stream").until(d -> streams.open() == 0);
        given().delete("/api/v1/environments/" + id).then().statusCode(202);
        // the change was told to no stream: an EventSource waits seconds before it reconnects
        assertThat(streams.open()).as("no stream was open when the change was made").isZero();

        browser.waiting().withMessage("the page to reconnect and show the change it missed")
                .until(d -> ((Long) browser.script("return window.__opens")) >= 1
                        && Set.of("TEARING_DOWN", "TORN_DOWN").contains(text(row)));
        assertThat(browser.script("return window.__marker")).as("caught up live, not by a reload").isEqualTo(1L);
    }

    @Test
    void aFailedRevisionIsDeployedAgainFromItsPageAfterConfirming() {
        cluster.expect().post().withPath("/api/v1/namespaces")
                .andReturn(422, new StatusBuilder().withCode(422).withMessage("Namespace is invalid").build())
                .once();
        Response posted = post(body(uniqueRepository(), "main", commit()));
        String id = posted.path("environmentId");
        String revision = "tr[data-revision='" + posted.path("revisionId") + "']";
        awaitPhase(id, "FAILED");
        openLive(root + "environments/" + id);
        assertThat(text(revision + " span.phase")).isEqualTo("FAILED");

        browser.driver.findElement(By.cssSelector(revision + " button.redeploy-button")).click();
        browser.waiting().until(ExpectedConditions.alertIsPresent());
        assertThat(browser.driver.switchTo().alert().getText()).isEqualTo("Deploy revision 1 again, with the same spec?");
        browser.driver.switchTo().alert().accept();

        browser.waiting().withMessage("the revision to be READY on the page it was deployed from")
                .until(d -> "READY".equals(text(revision + " span.phase")));
        assertThat(exists(revision + " button.redeploy-button")).as("nothing to deploy again").isFalse();
        given().get("/api/v1/environments/" + id + "/events").then()
                .body("action", hasItem("REDEPLOY_REQUESTED"))
                .body("find { it.action == 'REDEPLOY_REQUESTED' }.actor", equalTo("user:admin"));
    }

    @Test
    void theApiDeploysAFailedRevisionAgainAndRefusesAnyOther() {
        cluster.expect().post().withPath("/api/v1/namespaces")
                .andReturn(422, new StatusBuilder().withCode(422).withMessage("Namespace is invalid").build())
                .once();
        Response posted = post(body(uniqueRepository(), "main", commit()));
        String id = posted.path("environmentId");
        String revisionId = posted.path("revisionId");
        awaitPhase(id, "FAILED");

        given().contentType(ContentType.JSON).post("/api/v1/revisions/" + revisionId + "/redeploy").then().statusCode(202)
                .body("phase", equalTo("QUEUED"));
        awaitPhase(id, "READY");
        given().contentType(ContentType.JSON).post("/api/v1/revisions/" + revisionId + "/redeploy").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("only a FAILED revision"));
    }

    @Test
    void theAdminsRequestFormShowsABadCommitByItsFieldAndAGoodOneMakesTheEnvironment() {
        String repository = uniqueRepository();
        browser.driver.get(root.toString());
        browser.driver.findElement(By.id("request-environment")).click();
        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/environments/new"));
        fill(Map.of("request-repository", repository, "request-branch", "try/it", "request-commit", "not-a-sha",
                "request-image", Requests.IMAGE));
        submit();

        browser.waiting().withMessage("the form back, with the commit's error")
                .until(d -> exists("#request-commit-error"));
        assertThat(text("#request-commit-error")).contains("40");
        assertThat(attribute("#request-commit", "aria-invalid")).isEqualTo("true");
        assertThat(exists("#request-repository-error")).as("only the wrong field is flagged").isFalse();
        assertThat(attribute("#request-repository", "value")).as("what was typed is kept").isEqualTo(repository);
        given().get("/api/v1/environments?repository=" + repository).then().body("total", equalTo(0));

        browser.driver.findElement(By.id("request-commit")).clear();
        String sha = commit();
        fill(Map.of("request-commit", sha));
        submit();

        browser.waiting().withMessage("the new environment's page")
                .until(d -> d.getCurrentUrl().contains("/environments/") && !d.getCurrentUrl().endsWith("/new"));
        String id = browser.driver.getCurrentUrl().replaceAll(".*/environments/", "");
        given().get("/api/v1/environments/" + id).then()
                .body("repository", equalTo(repository))
                .body("branch", equalTo("try/it"))
                .body("revisions[0].commit", equalTo(sha));
        browser.waiting().withMessage("the environment to turn READY on its page")
                .until(d -> "READY".equals(text("#environment-live span.phase")));
    }

    @Test
    void theRequestFormShowsAnInvalidSpecWithItsLine() {
        browser.driver.get(root + "environments/new");
        fill(Map.of("request-repository", uniqueRepository(), "request-branch", "main", "request-commit", commit(),
                "request-spec", "version: 1\nservices:\n  web:\n    image: nginx\n    port: seventy\n"));
        submit();

        browser.waiting().withMessage("the spec's errors").until(d -> exists("#request-spec-error"));
        assertThat(text("#request-spec-error")).contains("line 5").contains("services.web.port");
        assertThat(exists("#request-image-error")).isFalse();
    }

    private void fill(Map<String, String> fields) {
        fields.forEach((field, value) -> browser.driver.findElement(By.id(field)).sendKeys(value));
    }

    private void submit() {
        browser.driver.findElement(By.id("request-submit")).click();
        browser.waiting().until(d -> "complete".equals(browser.script("return document.readyState")));
    }

    private String readyEnvironment(String repository) {
        String id = post(body(repository, "main", commit())).path("environmentId");
        awaitPhase(id, "READY");
        return id;
    }

    private String listOf(String repository) {
        return root + "?repository=" + URLEncoder.encode(repository, StandardCharsets.UTF_8);
    }

    /**
     * Opens the page and waits until it is live: its stream open and the fragment fetched once on opening
     * (the catch-up), so what follows is the page at rest.
     */
    private void openLive(String url) {
        browser.driver.get(url);
        browser.waiting().withMessage("htmx to load on " + url)
                .until(d -> Boolean.TRUE.equals(browser.script("return typeof htmx !== 'undefined'")));
        browser.script(WATCH_PAGE);
        browser.waiting().withMessage("the stream to open and the page to catch up")
                .until(d -> Boolean.TRUE.equals(browser.script(
                        "return performance.getEntriesByType('resource').some(e => e.name.includes('/fragments/'))"
                                + " && document.querySelector('.htmx-request') === null")));
    }

    private String text(String selector) {
        return (String) browser.script(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null", selector);
    }

    private String attribute(String selector, String name) {
        return (String) browser.script(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null",
                selector, name);
    }

    private boolean exists(String selector) {
        return Boolean.TRUE.equals(browser.script("return document.querySelector(arguments[0]) !== null", selector));
    }
}
