package io.driftless.server;

import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * What the security headers and the login do in a real Chromium: every page works under the Content-Security-
 * Policy without a violation, inline script is refused, no page can be framed, and a login lands on the page that
 * was asked for, or on the list when only an asset was.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SecurityBrowserTest {

    /**
     * Records every CSP violation of a document from its very start: DevTools runs it before the page's own
     * scripts, and the policy does not apply to it.
     */
    private static final String RECORD_VIOLATIONS = """
            window.__violations = [];
            document.addEventListener('securitypolicyviolation',
                e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
            """;

    private static Browser browser;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = Browser.start();
            browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_VIOLATIONS));
        }
        browser.driver.manage().deleteAllCookies();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void everyPageWorksUnderTheCspWithoutAViolation() {
        String id = post(body(uniqueRepository(), "main", commit())).path("environmentId");
        open(root + "login");
        assertCleanPage("/login");
        logIn();
        for (String page : List.of("", "environments/" + id, "approvals", "tokens", "policies", "audit")) {
            open(root + page);
            browser.waiting().withMessage("htmx and driftless.js to load on /" + page).until(d -> Boolean.TRUE.equals(
                    browser.script("return typeof htmx !== 'undefined' && document.readyState === 'complete'")));
            assertCleanPage("/" + page);
        }
    }

    @Test
    void inlineScriptAndStylesAreRefused() {
        logIn();
        open(root.toString());
        browser.script("""
                const s = document.createElement('script');
                s.textContent = 'window.__inline = 1';
                document.body.appendChild(s);
                document.querySelector('h1').setAttribute('style', 'color: rgb(255, 0, 0)');
                """);
        browser.waiting().withMessage("the violations to be reported").until(d -> ((List<?>) browser.script(
                "return window.__violations")).size() >= 2);
        assertThat(browser.script("return window.__inline")).as("the inline script did not run").isNull();
        assertThat(browser.script("return getComputedStyle(document.querySelector('h1')).color"))
                .isNotEqualTo("rgb(255, 0, 0)");
        assertThat((List<?>) browser.script("return window.__violations")).map(String::valueOf)
                .anyMatch(v -> v.startsWith("script-src")).anyMatch(v -> v.startsWith("style-src"));
    }

    @Test
    void noPageCanBeFramedNotEvenByDriftlessItself() {
        open(root + "login");
        browser.script("""
                const frame = document.createElement('iframe');
                frame.id = 'framed';
                frame.addEventListener('load', () => window.__framed = true);
                frame.src = '/login';
                document.body.appendChild(frame);
                """);
        browser.waiting().withMessage("the frame to finish").until(d -> Boolean.TRUE.equals(
                browser.script("return window.__framed === true")));
        // a refused frame shows Chromium's error page, of another origin: nothing of the login form is in it
        assertThat(browser.script("""
                const doc = document.getElementById('framed').contentDocument;
                return doc !== null && doc.getElementById('username') !== null;
                """)).isEqualTo(Boolean.FALSE);
    }

    @Test
    void aLoginLandsOnThePageThatWasAskedFor() {
        open(root + "tokens");
        browser.waiting().withMessage("the redirect to the login form").until(d -> d.getCurrentUrl().endsWith("/login"));
        // what the login page and a script ask for meanwhile does not change where the login lands
        fetchWithoutSession("/fragments/environments");
        submitLoginForm();
        browser.waiting().withMessage("the login to land on the tokens page")
                .until(d -> d.getCurrentUrl().equals(root + "tokens"));
        assertThat(browser.driver.findElements(By.cssSelector("form.issue"))).hasSize(1);
    }

    @Test
    void aLoginLandsOnTheListWhenOnlyAnAssetWasAskedFor() {
        open(root + "login");
        fetchWithoutSession("/fragments/environments");
        fetchWithoutSession("/favicon.ico");
        submitLoginForm();
        browser.waiting().withMessage("the login to land on the environments list")
                .until(d -> d.getCurrentUrl().equals(root.toString()));
        assertThat(browser.driver.findElements(By.cssSelector("table.environments"))).hasSize(1);
    }

    /** Has the login page fetch a path that needs a login, as a script or the browser itself would. */
    private void fetchWithoutSession(String path) {
        Object status = browser.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], { redirect: 'manual' }).then(r => done(r.type + ' ' + r.status), e => done(String(e)));
                """, path);
        assertThat(String.valueOf(status)).as("the fetch of " + path + " was answered").isNotEmpty();
    }

    private void logIn() {
        open(root + "login");
        submitLoginForm();
        browser.waiting().withMessage("the login to land").until(d -> !d.getCurrentUrl().contains("/login"));
    }

    private void submitLoginForm() {
        browser.submitLogin("admin", Requests.ADMIN_PASSWORD);
    }

    private void open(String url) {
        browser.driver.get(url);
        browser.waiting().until(d -> "complete".equals(browser.script("return document.readyState")));
    }

    private void assertCleanPage(String page) {
        assertThat((List<?>) browser.script("return window.__violations")).as("CSP violations on " + page).isEmpty();
    }
}
