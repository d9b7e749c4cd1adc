package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * Every page as everyone uses it, in a real headless Chromium: at a desktop's 1280 px and a phone's 390 px,
 * in the light and the dark colour scheme, with axe-core checking what a screen reader, a keyboard or weak
 * eyes need; and the favicon. With {@code -Ddriftless.ui.screenshots=DIR} (see docs/ui/screenshots.sh) it
 * also saves the screenshots the README shows.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class AccessibleUiBrowserTest {

    static final List<Integer> WIDTHS = List.of(1280, 390);
    static final int HEIGHT = 900;

    private static Browser browser;
    /** One environment with two revisions of a three-service stack, from a pull request: what pages show. */
    private static String environment;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = Browser.start();
        }
        if (environment == null) {
            Map<String, Object> request = StackFlowTest.request("acme/shop", StackFlowTest.threeServices());
            request.put("branch", "feature/checkout-redesign");
            request.put("pullRequest", 128);
            environment = post(request).path("environmentId");
            awaitPhase(environment, "READY");
            request.put("commit", commit());
            post(request).then().statusCode(202);
            awaitPhase(environment, "READY");
        }
        logIn();
        browser.colourScheme("light");
        browser.viewport(1280, HEIGHT);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** The pages a logged-in admin opens, by name. */
    private Map<String, String> pages() {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("list", "");
        pages.put("environment", "environments/" + environment);
        pages.put("revision", "environments/" + environment + "/revisions/2");
        pages.put("approvals", "approvals");
        pages.put("tokens", "tokens");
        pages.put("policies", "policies");
        pages.put("users", "users");
        pages.put("audit", "audit");
        pages.put("cluster", "cluster");
        pages.put("not-found", "environments/00000000-0000-0000-0000-000000000000");
        return pages;
    }

    @Test
    void everyPageFitsAPhoneAndADesktopAndHasNoSeriousAccessibilityViolationInLightOrDarkMode() {
        SoftAssertions softly = new SoftAssertions();
        for (String scheme : List.of("light", "dark")) {
            browser.colourScheme(scheme);
            for (int width : WIDTHS) {
                browser.viewport(width, HEIGHT);
                for (Map.Entry<String, String> page : pages().entrySet()) {
                    open(page.getValue());
                    check(softly, page.getKey() + " at " + width + " px, " + scheme, width);
                }
                logOut();
                open("login");
                check(softly, "login at " + width + " px, " + scheme, width);
                logIn();
            }
        }
        softly.assertAll();
    }

    private void check(SoftAssertions softly, String what, int width) {
        assertThat(browser.script("return window.innerWidth")).as("the viewport of %s", what)
                .isEqualTo((long) width);
        browser.script("document.querySelectorAll('details').forEach(d => d.open = true)");
        // clientWidth leaves out a vertical scroll bar, which is no sideways scrolling
        softly.assertThat(browser.script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                .as("how far %s scrolls sideways", what).isEqualTo(0L);
        softly.assertThat(headerOverlaps()).as("parts of the header of %s that overlap", what).isEmpty();
        browser.screenshot("a11y-" + what.replaceAll("[^a-z0-9]+", "-"));
        softly.assertThat(Axe.seriousOrCritical(browser)).as("serious or critical axe violations on %s", what)
                .isEmpty();
    }

    /** Pairs of the header's parts (brand, tagline, navigation, who is logged in) whose boxes overlap. */
    @SuppressWarnings("unchecked")
    private List<String> headerOverlaps() {
        return (List<String>) browser.script("""
                const parts = [...document.querySelectorAll(
                    'header.top .brand, header.top .tagline, header.top nav a, header.top .who, header.top button')]
                  .filter(e => e.getClientRects().length > 0);
                const overlaps = [];
                for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
                  const a = parts[i].getBoundingClientRect(), b = parts[j].getBoundingClientRect();
                  if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
                    overlaps.push(parts[i].textContent.trim() + ' / ' + parts[j].textContent.trim());
                  }
                }
                const header = document.querySelector('header.top').getBoundingClientRect();
                const h1 = document.querySelector('h1');
                if (h1 && h1.getBoundingClientRect().top < header.bottom) overlaps.push('header / h1');
                return overlaps;
                """);
    }

    @Test
    void axeReportsTextTooFaintToReadAsSerious() {
        open("");
        browser.script("const p = document.createElement('p'); p.id = 'faint'; p.textContent = 'hard to read';"
                + " p.style.color = '#ddd'; p.style.background = '#fff'; document.querySelector('main').append(p)");
        assertThat(Axe.seriousOrCritical(browser)).extracting(Axe.Violation::rule).contains("color-contrast");
    }

    @Test
    void theFirstTabReachesASkipLinkToTheMainContentAndFocusIsVisible() {
        browser.viewport(390, HEIGHT);
        open("");
        browser.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(browser.script("return document.activeElement.textContent.trim()"))
                .isEqualTo("Skip to the main content");
        assertThat(browser.script("const r = document.activeElement.getBoundingClientRect();"
                + " return r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0"))
                .as("the focused skip link is shown").isEqualTo(Boolean.TRUE);
        assertThat(focusOutline()).as("the focused skip link's outline").isNotEqualTo("none");

        browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.waiting().withMessage("focus on the main content")
                .until(d -> "main".equals(browser.script("return document.activeElement.id")));

        browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(browser.script("return document.querySelector('main').contains(document.activeElement)"))
                .as("the next Tab stays in the main content").isEqualTo(Boolean.TRUE);
        assertThat(focusOutline()).as("the focused control's outline").isNotEqualTo("none");
    }

    private Object focusOutline() {
        return browser.script("return getComputedStyle(document.activeElement).outlineStyle");
    }

    @Test
    void aPhaseReadsAsTextNotAsColourAlone() {
        open("?repository=acme/shop");
        assertThat(browser.script("""
                return [...document.querySelectorAll('.phase')].every(p => p.textContent.trim().length > 0)
                """)).isEqualTo(Boolean.TRUE);
        assertThat(browser.script("return document.querySelector('tr[data-environment] .phase').textContent.trim()"))
                .isEqualTo("READY");
    }

    @Test
    void everyPageLinksTheSvgFaviconAndFaviconIcoAnswersWithItWithoutALogin() {
        open("");
        String icon = (String) browser.script(
                "const l = document.querySelector('link[rel=icon]'); return l ? l.href : null");
        assertThat(icon).isEqualTo(root + "favicon.svg");

        RestAssured.given().get("/favicon.svg").then().statusCode(200)
                .contentType("image/svg+xml");
        assertThat(RestAssured.given().get("/favicon.svg").asString()).contains("<svg").contains(">Driftless</title>");
        Response ico = RestAssured.given().redirects().follow(false).get("/favicon.ico");
        assertThat(ico.statusCode()).isEqualTo(301);
        assertThat(ico.header("Location")).endsWith("/favicon.svg");
        RestAssured.given().get("/favicon.ico").then().statusCode(200).contentType("image/svg+xml");

        // a browser that asks for /favicon.ico itself gets the image, not the login form
        logOut();
        open("favicon.ico");
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(root + "favicon.svg");
        assertThat(browser.script("return document.contentType")).isEqualTo("image/svg+xml");
    }

    /**
     * The screenshots in docs/ui/: the list, an environment and a revision at a desktop's and a phone's width,
     * in the light scheme, regenerated by docs/ui/screenshots.sh.
     */
    @Test
    @EnabledIfSystemProperty(named = "driftless.ui.screenshots", matches = ".+")
    void screenshotsOfTheListAnEnvironmentAndARevision() {
        Path directory = Path.of(System.getProperty("driftless.ui.screenshots"));
        // a list of a few environments, as a team's would be
        for (Map<String, Object> other : List.of(Requests.body("acme/shop", "main", commit()),
                Requests.body("acme/shop", "fix/footer-typo", commit()), Requests.body("acme/api", "feature/rate-limits", commit()))) {
            if ("fix/footer-typo".equals(other.get("branch"))) {
                other.put("pullRequest", 131);
            }
            awaitPhase(post(other).path("environmentId"), "READY");
        }
        List<String> saved = new ArrayList<>();
        for (int width : WIDTHS) {
            String size = width >= 1000 ? "desktop" : "phone";
            browser.viewport(width, width >= 1000 ? 800 : 844);
            open("");
            saved.add(browser.saveScreenshot(directory.resolve("list-" + size + ".png")));
            open("environments/" + environment);
            browser.waiting().withMessage("the QR code, which loads lazily").until(d -> Boolean.TRUE.equals(browser.script(
                    "const i = document.querySelector('#qr img'); return i.complete && i.naturalWidth > 0")));
            saved.add(browser.saveScreenshot(directory.resolve("environment-" + size + ".png")));
            open("environments/" + environment + "/revisions/2");
            saved.add(browser.saveScreenshot(directory.resolve("revision-" + size + ".png")));
            browser.script("document.querySelector('#changes-heading').scrollIntoView()");
            saved.add(browser.saveScreenshot(directory.resolve("revision-diff-" + size + ".png")));
        }
        assertThat(saved).hasSize(8);
    }

    private void open(String path) {
        browser.driver.get(root + path);
        browser.waiting().withMessage("the page " + path)
                .until(d -> "complete".equals(browser.script("return document.readyState")));
    }

    private void logIn() {
        if (browser.driver.manage().getCookies().stream().anyMatch(c -> c.getName().equals("quarkus-credential"))) {
            return;
        }
        open("login");
        browser.script("window.__old = 1");
        browser.submitLogin("admin", Requests.ADMIN_PASSWORD);
        browser.waiting().withMessage("the page after logging in").until(d -> Boolean.TRUE.equals(
                browser.script("return window.__old === undefined && document.readyState === 'complete'")));
    }

    private void logOut() {
        browser.driver.manage().deleteAllCookies();
    }
}
