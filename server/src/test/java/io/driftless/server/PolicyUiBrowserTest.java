package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

import io.driftless.api.policy.Reaper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;

/**
 * The expiry and cleanup pages as an admin uses them, in a real headless Chromium: the Policies page's
 * preview before saving, Extend and Pin on an environment, the audit trail, the paused reaper's banner, and
 * every one of them on a desktop and on a 390 px phone.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class PolicyUiBrowserTest {

    private static Browser browser;

    @TestHTTPResource("/")
    URL root;

    @Inject
    EntityManager em;

    @Inject
    Reaper reaper;

    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = Browser.start();
        }
        if (browser.driver.manage().getCookies().stream().noneMatch(c -> c.getName().equals("quarkus-credential"))) {
            browser.driver.get(root + "login");
            submitAndAwaitNewPage(() -> browser.submitLogin("admin", Requests.ADMIN_PASSWORD));
        }
        browser.driver.manage().window().setSize(new Dimension(1280, 900));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anAdminPreviewsAShortIdleExpiryForARepositorySeesWhatItTearsDownAndSavesIt() {
        String repository = uniqueRepository();
        String id = readyEnvironment(repository, "feature/short");
        open("policies");

        type("repository-name", repository);
        type("repository-idleExpiry", "soon");
        submitAndAwaitNewPage(() -> click("repository-preview-button"));
        assertThat(text("#repository-idleExpiry-error")).contains("positive duration").contains("not 'soon'");
        assertThat(value("repository-idleExpiry")).as("what was typed is kept").isEqualTo("soon");
        assertThat(value("repository-name")).isEqualTo(repository);
        assertThat(exists("#repository-save")).as("nothing to save").isFalse();
        given().get("/api/v1/repos/" + repository + "/policy").then().body("policy", anEmptyMap());

        type("repository-idleExpiry", "2h");
        submitAndAwaitNewPage(() -> click("repository-preview-button"));
        assertThat(text("#repository-preview h3"))
                .isEqualTo("Saving this tears down 0 environments now and 1 within 24 hours");
        assertThat(text("#repository-preview ul.soon li[data-environment='" + id + "']"))
                .contains(repository).contains("feature/short").contains("idle for 2h");
        shot("policies-preview", "#repository-preview");
        given().get("/api/v1/repos/" + repository + "/policy").then().body("policy", anEmptyMap());

        submitAndAwaitNewPage(() -> click("repository-save"));
        assertThat(browser.driver.getCurrentUrl()).contains("saved=repository");
        assertThat(text("p.saved")).isEqualTo("The repository's policy was saved.");
        String row = "details.override[data-repository='" + repository + "'] tr[data-field='idleExpiry']";
        assertThat(text(row + " .value")).isEqualTo("2h");
        assertThat(text(row + " .source")).isEqualTo("repository " + repository);
        assertThat(text("details.override[data-repository='" + repository + "'] tr[data-field='maxLifetime'] .source"))
                .isEqualTo("global");
        assertThat(value("repository-idleExpiry")).as("the form shows the saved override").isEqualTo("2h");
        shot("policies-saved", "details.override[open]");
        given().get("/api/v1/repos/" + repository + "/policy").then()
                .body("effective.idleExpiry.value", equalTo("2h"))
                .body("effective.idleExpiry.source", equalTo("repository " + repository));

        open("audit?kind=POLICY_CHANGED&repository=" + encode(repository));
        assertThat(text("table.audit tbody tr[data-kind='POLICY_CHANGED'] td.what"))
                .contains("repository policy " + repository);
        assertThat(text("table.audit tbody tr[data-kind='POLICY_CHANGED'] table.changes tbody"))
                .contains("idleExpiry").contains("unset").contains("2h");
    }

    @Test
    void aChangeTypedAfterThePreviewIsPreviewedAgainNotSaved() {
        String repository = uniqueRepository();
        readyEnvironment(repository, "main");
        open("policies");
        type("repository-name", repository);
        type("repository-idleExpiry", "5d");
        submitAndAwaitNewPage(() -> click("repository-preview-button"));

        type("repository-idleExpiry", "1h");
        submitAndAwaitNewPage(() -> click("repository-save"));

        assertThat(text("form.policy p.note")).startsWith("The values changed since the preview, so nothing was saved");
        assertThat(text("#repository-preview h3")).isEqualTo("Saving this tears down 0 environments now and 1 within 24 hours");
        given().get("/api/v1/repos/" + repository + "/policy").then().body("policy", anEmptyMap());
    }

    @Test
    void extendMovesTheExpiryLaterAndTheAuditPageListsIt() {
        String repository = uniqueRepository();
        String id = readyEnvironment(repository, "feature/extend-me");
        open("environments/" + id);
        Instant before = Instant.parse(attribute("#expires-at", "datetime"));
        assertThat(text("#expiry-explanation")).startsWith("Why: idle for");

        submitAndAwaitNewPage(() -> click("extend"));
        Instant after = Instant.parse(attribute("#expires-at", "datetime"));
        assertThat(after).isAfter(before);
        shot("environment-extended", "#expiry");

        open("?repository=" + encode(repository));
        assertThat(text("tr[data-environment='" + id + "'] td.expires")).startsWith("in ");

        open("audit?kind=EXTENDED&repository=" + encode(repository));
        String event = "table.audit tbody tr[data-kind='EXTENDED']";
        assertThat(text(event + " td[data-label='Who']")).isEqualTo("user:admin");
        assertThat(text(event + " td[data-label='Where']")).contains(repository).contains("feature/extend-me");
        assertThat(text(event + " td.after")).isEqualTo(after.truncatedTo(ChronoUnit.SECONDS).toString());
        assertThat(text(event + " td.before")).isEqualTo(before.truncatedTo(ChronoUnit.SECONDS).toString());
        shot("audit", "table.audit");
    }

    @Test
    void anExtensionPastTheMaximumLifetimeIsRefusedWithTheReason() {
        String repository = uniqueRepository();
        given().contentType(ContentType.JSON).body(Map.of("idleExpiry", "1h", "maxLifetime", "1h"))
                .put("/api/v1/repos/" + repository + "/policy").then().statusCode(200);
        String id = readyEnvironment(repository, "main");
        open("environments/" + id);
        String before = attribute("#expires-at", "datetime");

        submitAndAwaitNewPage(() -> click("extend"));

        assertThat(text("#problem")).contains("would pass the maximum lifetime of 1h")
                .contains("repository policy " + repository);
        assertThat(attribute("#expires-at", "datetime")).isEqualTo(before);
    }

    @Test
    void anAdminPinsAnEnvironmentSoItNeverExpiresAndUnpinsIt() {
        String repository = uniqueRepository();
        String id = readyEnvironment(repository, "feature/demo");
        open("environments/" + id);

        type("pin-reason", "demo on Friday");
        submitAndAwaitNewPage(() -> click("pin-button"));
        assertThat(text("#expires-never")).isEqualTo("Never torn down automatically");
        assertThat(text("#pin")).contains("Pinned by user:admin").contains("demo on Friday");
        assertThat(exists("#extend")).as("nothing to extend").isFalse();

        open("?repository=" + encode(repository));
        assertThat(text("tr[data-environment='" + id + "'] td.expires")).isEqualTo("never (pinned: demo on Friday)");

        open("environments/" + id);
        submitAndAwaitNewPage(() -> click("unpin"));
        assertThat(exists("#expires-at")).isTrue();
        assertThat(exists("#pin-button")).isTrue();
        given().get("/api/v1/environments/" + id).then().body("pinned", equalTo(false));
    }

    @Test
    void aPausedReaperShowsABannerOnEveryPageUntilAnAdminResumesIt() {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update reaper_state set paused_at = now(), paused_why = :why where id = 1")
                .setParameter("why", "deletion budget of 1 per 1h spent; held back 1 environment(s)").executeUpdate());
        try {
            open("");
            assertThat(text("#reaper-banner")).contains("The reaper is paused").contains("deletion budget of 1 per 1h");
            open("audit");
            assertThat(exists("#reaper-banner")).isTrue();
            shot("reaper-banner", "#reaper-banner");

            submitAndAwaitNewPage(() -> browser.driver.findElement(By.cssSelector("#reaper-banner a")).click());
            assertThat(browser.driver.getCurrentUrl()).endsWith("/policies#reaper");
            submitAndAwaitNewPage(() -> click("resume-reaper"));

            assertThat(text("p.saved")).isEqualTo("The reaper was resumed.");
            assertThat(exists("#reaper-banner")).isFalse();
            assertThat(text("#reaper .reaper-running")).contains("last resumed").contains("by user:admin");
        } finally {
            if (reaper.state().paused()) {
                reaper.resume("test");
            }
        }
    }

    @Test
    void theNewPagesFitADesktopAndA390PixelPhoneAndLabelEveryControl() {
        String repository = uniqueRepository();
        String id = readyEnvironment(repository, "feature/a-rather-long-branch-name-for-a-narrow-screen");
        given().contentType(ContentType.JSON).body(Map.of("idleExpiry", "4h", "protectedBranches", List.of("main")))
                .put("/api/v1/repos/" + repository + "/policy").then().statusCode(200);
        Map<String, String> pages = Map.of("policies", "policies?repository=" + encode(repository),
                "audit", "audit", "environment", "environments/" + id, "list", "?repository=" + encode(repository));
        for (int width : List.of(1280, 390)) {
            browser.driver.manage().window().setSize(new Dimension(width, 900));
            for (Map.Entry<String, String> page : pages.entrySet()) {
                open(page.getValue());
                browser.script("document.querySelectorAll('details').forEach(d => d.open = true)");
                assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                        .as("%s at %d px scrolls sideways", page.getKey(), width).isEqualTo(Boolean.TRUE);
                assertThat(unlabelledControls()).as("controls without a label on %s", page.getKey()).isEmpty();
                shot(page.getKey() + "-" + width, "h1");
            }
        }
    }

    /** A screenshot (when asked for, see {@link Browser#screenshot}) with the element in view. */
    private void shot(String name, String selector) {
        browser.script("const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView()", selector);
        browser.screenshot("issue11-" + name);
    }

    /** Every visible form control without an accessible name from a label or aria-label. */
    @SuppressWarnings("unchecked")
    private List<String> unlabelledControls() {
        return (List<String>) browser.script("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                  .filter(e => e.type !== 'hidden')
                  .filter(e => e.tagName === 'BUTTON' ? !e.textContent.trim()
                      : (e.labels.length === 0 && !e.getAttribute('aria-label')))
                  .map(e => e.outerHTML);
                """);
    }

    private String readyEnvironment(String repository, String branch) {
        String id = post(body(repository, branch, commit())).path("environmentId");
        awaitPhase(id, "READY");
        return id;
    }

    private void open(String path) {
        browser.driver.get(root + path);
        browser.waiting().withMessage("the page " + path)
                .until(d -> "complete".equals(browser.script("return document.readyState")));
    }

    /** Marks the page, acts, and waits for the next page: a form's answer or a redirect after it. */
    private void submitAndAwaitNewPage(Runnable act) {
        browser.script("window.__old = 1");
        act.run();
        browser.waiting().withMessage("the next page").until(d -> Boolean.TRUE.equals(
                browser.script("return window.__old === undefined && document.readyState === 'complete'")));
    }

    private void type(String id, String text) {
        WebElement input = browser.driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private void click(String id) {
        browser.driver.findElement(By.id(id)).click();
    }

    private String value(String id) {
        return (String) browser.script("return document.getElementById(arguments[0]).value", id);
    }

    private String text(String selector) {
        return (String) browser.script(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim().replace(/\\s+/g, ' ') : null",
                selector);
    }

    private String attribute(String selector, String name) {
        return (String) browser.script(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null",
                selector, name);
    }

    private boolean exists(String selector) {
        return Boolean.TRUE.equals(browser.script("return document.querySelector(arguments[0]) !== null", selector));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
