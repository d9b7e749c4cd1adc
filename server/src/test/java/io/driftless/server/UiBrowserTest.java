package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static io.driftless.server.Requests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.response.Response;

/**
 * The pages as a person sees them, in a real headless Chromium: live updates (htmx on the event stream), the
 * teardown confirmation and escaping are behaviour of the browser, which the HTML-level tests cannot show.
 *
 * <p>
 * Page state is read with one script call at a time: htmx swaps rows in whenever the stream tells of a change,
 * so an element found by one WebDriver call may be gone by the next.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class UiBrowserTest {

    /** Counts htmx swaps into the page and marks it, so a test can tell a live update from a reload. */
    private static final String WATCH_PAGE = """
            window.__marker = 1;
            window.__swaps = 0;
            document.body.addEventListener('htmx:afterSwap', () => window.__swaps++);
            """;

    private static Browser browser;

    @TestHTTPResource("/")
    URL root;

    /** The admin password of the test profile (driftless.auth.admin-password). */
    private static final String ADMIN_PASSWORD = "test-admin-password";

    /**
     * One browser for the class, started by the first test and logged in as the admin; each test skips
     * (fails under CI) without one.
     */
    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = Browser.start();
            browser.countSwapsFromTheStart();
        }
        if (!browser.driver.manage().getCookies().stream().anyMatch(c -> c.getName().equals("quarkus-credential"))) {
            logIn("admin", ADMIN_PASSWORD);
        }
    }

    @Test
    void aPersonWhoIsNotLoggedInIsSentToTheLoginFormAndAWrongPasswordIsRefused() {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(root.toString());
        browser.waiting().withMessage("the redirect to the login form")
                .until(d -> d.getCurrentUrl().endsWith("/login"));
        assertThat(browser.driver.findElements(By.cssSelector("table.environments"))).isEmpty();

        logIn("admin", "not-the-password");
        assertThat(browser.driver.getCurrentUrl()).contains("/login?error");
        assertThat(text("#login-failed")).isEqualTo("Wrong user name or password.");

        logIn("admin", ADMIN_PASSWORD);
        assertThat(text("header.top .who")).isEqualTo("user:admin");
        assertThat(browser.driver.findElements(By.cssSelector("table.environments"))).hasSize(1);

        browser.driver.findElement(By.id("logout")).click();
        browser.waiting().until(d -> d.getCurrentUrl().contains("/login"));
        browser.driver.get(root.toString());
        browser.waiting().withMessage("the session to be over").until(d -> d.getCurrentUrl().endsWith("/login"));
        logIn("admin", ADMIN_PASSWORD);
    }

    /** Logs in through the form, from wherever the browser is. */
    private void logIn(String user, String password) {
        browser.driver.get(root + "login");
        browser.submitLogin(user, password);
        browser.waiting().withMessage("the login form's answer")
                .until(d -> !d.getCurrentUrl().endsWith("/login") && "complete".equals(
                        browser.script("return document.readyState")));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theListShowsANewEnvironmentAndItsPhaseTurnsReadyWithoutAReload() {
        String repository = uniqueRepository();
        openAndWatch(listOf(repository));
        assertThat(text("table.environments tbody")).contains("No environment matches this search");

        Response posted = post(body(repository, "main", commit()));
        posted.then().statusCode(202);
        String id = posted.path("environmentId");
        String row = "tr[data-environment='" + id + "']";

        browser.waiting().withMessage("the new environment's row to read READY with its live URL")
                .until(d -> "READY".equals(text(row + " span.phase")) && exists(row + " a.live-url"));
        assertThat(attribute(row + " a.live-url", "href")).isEqualTo(posted.<String>path("url"));
        assertThat(text(row + " a.live-url")).isEqualTo(posted.<String>path("url"));
        assertThat(browser.script("return window.__marker")).as("the page was not reloaded").isEqualTo(1L);
        assertThat((Long) browser.script("return window.__swaps")).as("htmx swapped the rows in").isPositive();
    }

    @Test
    void tearingDownAsksForConfirmationAndDismissingKeepsTheEnvironment() {
        String id = readyEnvironment("main");
        openAndWatch(root + "environments/" + id);

        browser.driver.findElement(By.id("teardown")).click();
        browser.waiting().until(ExpectedConditions.alertIsPresent());
        assertThat(browser.driver.switchTo().alert().getText()).startsWith("Tear down every revision");
        browser.driver.switchTo().alert().dismiss();

        // a submitted form would have left this page; the marker shows it is still the same one
        assertThat(browser.script("return window.__marker")).isEqualTo(1L);
        assertThat(browser.driver.findElements(By.id("teardown"))).hasSize(1);
        given().get("/api/v1/environments/" + id).then().statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("phase", equalTo("READY"));
    }

    @Test
    void tearingDownAfterConfirmingShowsTornDownLive() {
        String id = readyEnvironment("main");
        openAndWatch(root + "environments/" + id);

        browser.driver.findElement(By.id("teardown")).click();
        browser.waiting().until(ExpectedConditions.alertIsPresent()).accept();

        // the form posts, and the answer redirects to this page again: a new document, without the marker
        browser.waiting().withMessage("the redirect back to the environment page")
                .until(d -> browser.script("return window.__marker === undefined && document.readyState === 'complete'"
                        + " && typeof htmx !== 'undefined'").equals(Boolean.TRUE));
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(root + "environments/" + id);
        assertThat(browser.driver.findElements(By.id("teardown"))).as("no second teardown offered").isEmpty();
        browser.script(WATCH_PAGE);

        browser.waiting().withMessage("the live part to show TORN_DOWN")
                .until(d -> "TORN_DOWN".equals(text("#environment-live span.status"))
                        && "TORN_DOWN".equals(text("tr[data-revision] span.phase")));
        assertThat(browser.script("return window.__marker")).as("shown live, not by a reload").isEqualTo(1L);
        assertThat(exists("#environment-live a.live-url")).as("a torn-down environment has no live link").isFalse();
        given().get("/api/v1/environments/" + id).then()
                .body("status", equalTo("TORN_DOWN"))
                .body("phase", equalTo("TORN_DOWN"));
    }

    @Test
    void userTextIsEscapedInTheBrowser() {
        // a branch git accepts ('<', '>', '=', '(' are allowed, spaces are not), and that runs script if unescaped,
        // both on load (<script>) and when htmx swaps it in (<img onerror>)
        String branch = "x/<img/src/onerror=window.__xss=1>/<script>window.__xss=2</script>";
        String repository = uniqueRepository();
        Response posted = post(body(repository, branch, commit()));
        posted.then().statusCode(202);
        String id = posted.path("environmentId");
        awaitPhase(id, "READY");
        String row = "tr[data-environment='" + id + "']";

        openAndWatch(listOf(repository));
        awaitSwap();
        assertThat(text(row + " td:nth-child(2) a")).isEqualTo(branch);
        assertThat(exists(row + " img, " + row + " script")).isFalse();
        assertNothingRan();
        browser.screenshot("list");

        openAndWatch(root + "environments/" + id);
        awaitSwap();
        assertThat(text("h1 .branch")).isEqualTo(branch);
        assertThat(browser.driver.getTitle()).isEqualTo(repository + " · " + branch + " · Driftless");
        // the one image of the page is the stable URL's QR code
        assertThat(exists("main img:not(#qr img), main script")).isFalse();
        assertThat(attributes("main img", "src")).containsExactly("/environments/" + id + "/qr.svg");
        assertNothingRan();
        browser.screenshot("env");
    }

    @Test
    void aStackRevisionsPageShowsItsServicesInStartOrderAndItsHooks() {
        Map<String, Object> request = StackFlowTest.request(uniqueRepository(), StackFlowTest.threeServices());
        Response posted = StackFlowTest.post(request);
        posted.then().statusCode(202);
        String id = posted.path("environmentId");
        String revision = "tr[data-revision='" + posted.path("revisionId") + "']";

        openAndWatch(root + "environments/" + id);
        browser.waiting().withMessage("the revision to read READY")
                .until(d -> "READY".equals(text(revision + " span.phase")));
        awaitSwap();
        assertThat(attributes(revision + " li.service", "data-service")).containsExactly("db", "api", "web");
        assertThat(text(revision + " li[data-service='web']")).contains("exposed").contains("port 8080")
                .contains("after api, db").contains("ghcr.io/acme/web@sha256:");
        assertThat(text(revision + " li[data-service='db']")).contains("own volume");
        assertThat(attributes(revision + " li.hook", "data-hook")).containsExactly("migrate", "seed");
        assertThat(text(revision + " li[data-hook='migrate']")).contains("./migrate").contains("with web's image");
        browser.screenshot("stack");
    }

    @Test
    void aBuildsLogShowsLiveOnTheRevisionPageUntilTheRevisionIsReady() {
        Response posted = BuildFlowTest.post(BuildFlowTest.request(uniqueRepository(), "feature/built", commit()));
        posted.then().statusCode(202);
        String id = posted.path("environmentId");
        String revision = "tr[data-revision='" + posted.path("revisionId") + "']";

        openAndWatch(root + "environments/" + id);
        browser.waiting().withMessage("the build's log to appear while it runs")
                .until(d -> text(revision + " pre.build-log") != null
                        && text(revision + " pre.build-log").contains("load build definition"));
        assertThat(text(revision + " .build-status")).isEqualTo("build web: RUNNING");
        assertThat(text(revision + " span.phase")).isEqualTo("BUILDING");
        browser.screenshot("build-running");

        browser.waiting().withMessage("the revision to read READY once built")
                .until(d -> "READY".equals(text(revision + " span.phase")));
        assertThat(text(revision + " .build-status")).isEqualTo("build web: SUCCEEDED");
        assertThat(text(revision + " li[data-service='web']")).contains("built from Dockerfile, target runtime");
        assertThat(browser.script("return window.__marker")).as("the page was not reloaded").isEqualTo(1L);
    }

    private String readyEnvironment(String branch) {
        String id = post(body(uniqueRepository(), branch, commit())).path("environmentId");
        awaitPhase(id, "READY");
        return id;
    }

    private String listOf(String repository) {
        return root + "?repository=" + URLEncoder.encode(repository, StandardCharsets.UTF_8);
    }

    /** Opens the page, waits for htmx to be there, then marks the page and counts its swaps. */
    private void openAndWatch(String url) {
        browser.driver.get(url);
        browser.waiting().withMessage("htmx to load on " + url)
                .until(d -> Boolean.TRUE.equals(browser.script("return typeof htmx !== 'undefined'")));
        browser.script(WATCH_PAGE);
    }

    /**
     * Waits for htmx to have swapped fresh server HTML in at least once since the page began, so that HTML
     * is checked too.
     */
    private void awaitSwap() {
        browser.waiting().withMessage("an htmx swap")
                .until(d -> ((Long) browser.script("return window.__swapsSinceStart")) > 0);
    }

    private void assertNothingRan() {
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.script("return window.__xss")).as("script in user text ran").isNull();
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

    /**
     * The attribute of every element the selector finds, read in one script: the page swaps in fresh
     * HTML while it is open, and elements found in one call may be gone by the next.
     */
    @SuppressWarnings("unchecked")
    private List<String> attributes(String selector, String name) {
        return (List<String>) browser.script("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => e.getAttribute(arguments[1]))", selector, name);
    }

    private boolean exists(String selector) {
        return Boolean.TRUE.equals(browser.script("return document.querySelector(arguments[0]) !== null", selector));
    }
}
