package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * What a reviewer follows from an environment to GitHub and to a revision's own page, in a real headless
 * Chromium: the links (exact), the copy buttons (through the real clipboard), the QR code of the stable URL
 * (decoded as a phone would) and the diff of two revisions' rendered manifests.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class RevisionPageBrowserTest {

    static final String OTHER_IMAGE = "registry.example.com/shop@sha256:" + "fedcba9876543210".repeat(4);
    /** A branch with a slash and a character that would end a URL's path if it were not encoded. */
    static final String BRANCH = "feature/qr#1";

    private static Browser browser;
    /** A fork's pull request with two revisions, of two images: the environment most tests look at. */
    private static Fork fork;

    record Fork(String id, String repository, String headRepository, String first, String second, String url) {
    }

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = Browser.start();
        }
        if (browser.driver.manage().getCookies().stream().noneMatch(c -> c.getName().equals("quarkus-credential"))) {
            browser.driver.get(root + "login");
            browser.submitLogin("admin", Requests.ADMIN_PASSWORD);
            browser.waiting().withMessage("the page after logging in").until(d -> !d.getCurrentUrl().endsWith("/login")
                    && "complete".equals(browser.script("return document.readyState")));
        }
        if (fork == null) {
            String repository = uniqueRepository();
            String headRepository = uniqueRepository();
            String first = commit();
            String second = commit();
            Map<String, Object> request = body(repository, BRANCH, first);
            request.put("headRepository", headRepository);
            request.put("pullRequest", 7);
            Response posted = post(request);
            posted.then().statusCode(202);
            String id = posted.path("environmentId");
            awaitPhase(id, "READY");
            request.put("commit", second);
            request.put("image", OTHER_IMAGE);
            post(request).then().statusCode(202);
            awaitPhase(id, "READY");
            fork = new Fork(id, repository, headRepository, first, second, posted.path("url"));
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theEnvironmentPageLinksThePullRequestInTheBaseRepositoryAndCommitsBranchAndComparisonInTheFork() {
        open("environments/" + fork.id());
        String github = "https://github.com/";
        assertThat(href("#environment-live dl.facts a.pr-link")).isEqualTo(github + fork.repository() + "/pull/7");
        assertThat(href("#environment-live dl.facts a.branch-link"))
                .isEqualTo(github + fork.headRepository() + "/tree/feature/qr%231");
        assertThat(href("#environment-live dl.facts a.fork-link")).isEqualTo(github + fork.headRepository());
        assertThat(href("#environment-live dl.facts a.commit-link"))
                .isEqualTo(github + fork.headRepository() + "/commit/" + fork.second());

        String second = "tr[data-revision]:nth-child(1)";
        String first = "tr[data-revision]:nth-child(2)";
        assertThat(href(second + " a.commit-link")).isEqualTo(github + fork.headRepository() + "/commit/" + fork.second());
        assertThat(href(second + " a.compare-link"))
                .isEqualTo(github + fork.headRepository() + "/compare/" + fork.first() + "..." + fork.second());
        assertThat(text(second + " a.compare-link")).isEqualTo("changes since revision 1");
        assertThat(attribute(second + " a.revision-link", "href")).isEqualTo("/environments/" + fork.id() + "/revisions/2");
        assertThat(href(first + " a.commit-link")).isEqualTo(github + fork.headRepository() + "/commit/" + fork.first());
        assertThat(exists(first + " a.compare-link")).as("the first revision has nothing to compare with").isFalse();

        open("?repository=" + URLEncoder.encode(fork.repository(), StandardCharsets.UTF_8));
        String row = "tr[data-environment='" + fork.id() + "']";
        assertThat(href(row + " a.pr-link")).isEqualTo(github + fork.repository() + "/pull/7");
        assertThat(href(row + " a.branch-link")).isEqualTo(github + fork.headRepository() + "/tree/feature/qr%231");
        assertThat(href(row + " a.commit-link")).isEqualTo(github + fork.headRepository() + "/commit/" + fork.second());
        assertThat(href(row + " a.fork-link")).isEqualTo(github + fork.headRepository());
    }

    @Test
    void theRevisionPageLinksItsCommitBranchPullRequestAndTheChangesSinceThePreviousRevision() {
        open("environments/" + fork.id());
        browser.script("document.querySelector('tr[data-revision]:nth-child(1) a.revision-link').click()");
        browser.waiting().withMessage("the revision page")
                .until(d -> d.getCurrentUrl().equals(root + "environments/" + fork.id() + "/revisions/2")
                        && "complete".equals(browser.script("return document.readyState")));
        assertThat(text("h1")).isEqualTo("Revision 2 " + BRANCH);
        String github = "https://github.com/";
        assertThat(href("a.commit-link")).isEqualTo(github + fork.headRepository() + "/commit/" + fork.second());
        assertThat(href("a.branch-link")).isEqualTo(github + fork.headRepository() + "/tree/feature/qr%231");
        assertThat(href("a.pr-link")).isEqualTo(github + fork.repository() + "/pull/7");
        assertThat(href("a.compare-link"))
                .isEqualTo(github + fork.headRepository() + "/compare/" + fork.first() + "..." + fork.second());
        assertThat(text("#spec-source")).startsWith("Given through the API");
        assertThat(text("#spec")).contains(OTHER_IMAGE);
        assertThat(texts("table.timeline td[data-label='Phase']")).first().isEqualTo("QUEUED");
        assertThat(texts("table.timeline td.took")).first().asString().matches("\\d+(\\.\\d)? (s|min \\d+ s)");
    }

    @Test
    void theManifestsDiffShowsTheOldImageRemovedAndTheNewOneAdded() {
        open("environments/" + fork.id() + "/revisions/2");
        assertThat(texts("#diff del")).anyMatch(line -> line.startsWith("-") && line.contains(Requests.IMAGE))
                .noneMatch(line -> line.contains(OTHER_IMAGE));
        assertThat(texts("#diff ins")).anyMatch(line -> line.startsWith("+") && line.contains(OTHER_IMAGE))
                .noneMatch(line -> line.contains(Requests.IMAGE));
        assertThat(text("#diff-summary")).contains("revision 1").contains("lines added");

        open("environments/" + fork.id() + "/revisions/1");
        assertThat(text("#no-previous")).contains("nothing to compare it with");
        assertThat(exists("#diff")).isFalse();
    }

    @Test
    void theCopyButtonsPutTheStableAndTheRevisionsUrlOnTheClipboardAndSaySo() {
        browser.driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", origin(),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        browser.countSwapsFromTheStart();
        open("environments/" + fork.id());
        // the live region is fetched again once its event stream opens: a click before that swap would have
        // its "Copied" replaced by the fresh fragment (a CI run did)
        browser.waiting().withMessage("the environment page's catch-up swap")
                .until(d -> ((Number) browser.script("return window.__swapsSinceStart")).intValue() >= 1);
        browser.script("document.querySelector('#environment-live dl.facts button.copy').click()");
        browser.waiting().withMessage("the confirmation next to the stable URL's button").until(d -> "Copied".equals(
                text("#environment-live dl.facts .copy-status")));
        assertThat(clipboard()).isEqualTo(fork.url());
        assertThat(attribute("#environment-live dl.facts .copy-status", "aria-live")).isEqualTo("polite");

        open("environments/" + fork.id() + "/revisions/1");
        browser.script("document.querySelector('dd.url button.copy').click()");
        browser.waiting().withMessage("the confirmation next to the revision's URL")
                .until(d -> "Copied".equals(text("dd.url .copy-status")));
        assertThat(clipboard()).isEqualTo(given().get("/api/v1/environments/" + fork.id()).path("revisions[1].url"));
    }

    @Test
    void withoutAClipboardTheCopyButtonSaysHowToCopyByHand() {
        open("environments/" + fork.id() + "/revisions/2");
        browser.script("Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });"
                + " document.querySelector('dd.url button.copy').click()");
        assertThat(text("dd.url .copy-status")).isEqualTo(
                "Copying is not possible here: select the URL and copy it by hand.");
    }

    @Test
    void theQrCodeOnTheEnvironmentPageDecodesToTheStableUrl() throws Exception {
        open("environments/" + fork.id());
        browser.waiting().withMessage("the QR code to load")
                .until(d -> Boolean.TRUE.equals(browser.script(
                        "const i = document.querySelector('#qr img'); return i.complete && i.naturalWidth > 0")));
        assertThat(attribute("#qr img", "alt")).isEqualTo("QR code of the stable URL " + fork.url());
        String svg = (String) browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " fetch(document.querySelector('#qr img').src).then(r => r.text()).then(done)");
        assertThat(QrCodeImages.decode(svg)).isEqualTo(fork.url());
    }

    /**
     * People open the pages with a session (a UI user sees every repository; the repository check the page
     * shares with the environment page is there for narrower identities); an API token opens no page.
     */
    @Test
    void theQrCodeIsAnSvgKeptByTheBrowserAndOnlyForWhoIsLoggedIn() throws Exception {
        Requests.UiSession session = Requests.logIn();
        String qr = "/environments/" + fork.id() + "/qr.svg";
        Response answer = session.given().get(qr);
        answer.then().statusCode(200).contentType("image/svg+xml");
        assertThat(answer.header("Cache-Control")).contains("private").contains("max-age=86400");
        assertThat(QrCodeImages.decode(answer.asString())).isEqualTo(fork.url());
        session.given().get("/environments/" + fork.id() + "/revisions/9").then().statusCode(404);
        session.given().get("/environments/00000000-0000-0000-0000-000000000000/qr.svg").then().statusCode(404);

        for (String page : List.of(qr, "/environments/" + fork.id() + "/revisions/2")) {
            Response anonymous = RestAssured.given().redirects().follow(false).get(page);
            assertThat(anonymous.statusCode()).as("%s without a session", page).isEqualTo(302);
            assertThat(anonymous.header("Location")).as("%s without a session", page).endsWith("/login");
            assertThat(RestAssured.given().header("Authorization", "Bearer " + Requests.ADMIN_TOKEN)
                    .redirects().follow(false).get(page).statusCode()).as("%s with an API token", page)
                    .isNotEqualTo(200);
        }
    }

    private String origin() {
        return root.getProtocol() + "://" + root.getHost() + ":" + root.getPort();
    }

    private String clipboard() {
        return (String) browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " navigator.clipboard.readText().then(done, e => done('refused: ' + e))");
    }

    private void open(String path) {
        browser.driver.get(root + path);
        browser.waiting().withMessage("the page " + path)
                .until(d -> "complete".equals(browser.script("return document.readyState")));
    }

    private String text(String selector) {
        return (String) browser.script(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null", selector);
    }

    @SuppressWarnings("unchecked")
    private List<String> texts(String selector) {
        return (List<String>) browser.script(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent.trim())", selector);
    }

    /** The link's target as the browser resolves it. */
    private String href(String selector) {
        return (String) browser.script("const e = document.querySelector(arguments[0]); return e ? e.href : null",
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
}
