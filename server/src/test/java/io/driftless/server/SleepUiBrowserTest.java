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

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.driftless.api.service.RequestedResources;
import io.driftless.server.rbac.ClusterAdmin;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Sleep and wake as people see them, in a real headless Chromium: a sleeping environment's page says so and
 * wakes it, the list tells what sleep frees, and a sleeping preview opened at its own host (as ingress-nginx
 * serves it on the simulated cluster: the edge check lets the request through and the alias routes it to
 * Driftless) shows the waking page, which reloads by itself once the revision is READY.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class SleepUiBrowserTest {

    private static final String WAKE_TARGET = "driftless.driftless.svc.cluster.local";

    private static Browser browser;

    @TestHTTPResource("/")
    URL root;

    @Inject
    @ClusterAdmin
    KubernetesClient client;

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
    void aSleepingEnvironmentShowsAsleepWithWhatItFreesAndWakeNowBringsItBackToReadyOnItsPage() {
        String repository = uniqueRepository();
        String id = asleep(repository);
        String revision = environment(id).getString("currentRevisionId");
        RequestedResources freed = RequestedResources.ofDeployments(
                given().get("/api/v1/revisions/" + revision + "/manifests").then().statusCode(200).extract().asString());
        assertThat(freed.milliCpu()).as("a revision's pods request CPU").isPositive();
        assertThat(freed.memoryBytes()).as("and memory").isPositive();

        browser.driver.get(root + "?repository=" + URLEncoder.encode(repository, StandardCharsets.UTF_8));
        assertThat(text("#freed-total")).startsWith("Asleep now: ").contains(" CPU and ").endsWith("memory of requests.");
        assertThat(text("#freed-by-sleep li[data-repository='" + repository + "']")).isEqualTo(
                repository + ": 1 asleep, " + freed.cpu() + " CPU and " + freed.memory() + " memory");

        openLive(root + "environments/" + id);
        assertThat(text("#asleep-heading")).startsWith("Asleep since ").contains("wakes on the first request");
        assertThat(text("#environment-live span.phase")).isEqualTo("SLEEPING");

        // the button is in the live part, which htmx replaces on each change: found and clicked in one step
        browser.script("document.getElementById('wake-now').click()");
        browser.waiting().withMessage("the environment page back after Wake now")
                .until(d -> "complete".equals(browser.script("return document.readyState"))
                        && d.getCurrentUrl().endsWith("/environments/" + id) && !exists("#wake-now"));
        browser.waiting().withMessage("the revision to turn READY on the open page")
                .until(d -> "READY".equals(text("#environment-live span.phase")) && !exists("#asleep"));
        JsonPath awake = environment(id);
        assertThat(awake.getList("revisions[0].phases.phase", String.class)).endsWith("SLEEPING", "WAKING", "READY");
        assertThat(awake.getList("revisions[0].phases.reason", String.class)).contains("woken by user:admin");

        browser.driver.get(root + "?repository=" + URLEncoder.encode(repository, StandardCharsets.UTF_8));
        assertThat(exists("#freed-by-sleep li[data-repository='" + repository + "']")).as("awake: frees nothing")
                .isFalse();
    }

    @Test
    void aSleepingPreviewOpenedAtItsHostShowsTheWakingPageAndReloadsOnceReady() {
        String id = asleep(uniqueRepository());
        JsonPath env = environment(id);
        String url = env.getString("url");
        String host = url.replaceFirst("^https?://", "").replaceFirst("[:/].*$", "");
        // what ingress-nginx does with a request to the host: asks the edge check, then follows the alias,
        // which points at Driftless's own Service while the revision sleeps
        assertThat(RestAssured.given().header("X-Original-URL", url + "/hello?x=1").get("/edge/check").statusCode())
                .isEqualTo(200);
        browser.waiting().withMessage("the alias to route to Driftless")
                .until(d -> WAKE_TARGET.equals(aliasTarget(env.getString("name"))));

        // Chromium resolves every *.localhost name to the loopback address, where this process listens
        String preview = "http://" + host + ":" + root.getPort() + "/hello?x=1";
        browser.driver.get(preview);
        assertThat(text("h1")).isEqualTo("Waking up this preview");
        assertThat(attribute("#wake-status", "data-wake-phase")).as("the first request woke it").isEqualTo("waking");

        browser.waiting().withMessage("the page to reload itself once the revision is READY")
                .until(d -> "ready".equals(attribute("#wake-status", "data-wake-phase")));
        assertThat(browser.driver.getCurrentUrl()).as("the same URL, loaded again").isEqualTo(preview);
        assertThat(browser.script("return performance.getEntriesByType('navigation')[0].type")).isEqualTo("reload");
        assertThat(environment(id).getString("revisions[0].phase")).isEqualTo("READY");
    }

    private static String asleep(String repository) {
        String id = post(body(repository, "main", commit())).path("environmentId");
        awaitPhase(id, "READY");
        given().contentType(ContentType.JSON).post("/api/v1/environments/" + id + "/sleep").then().statusCode(202);
        awaitPhase(id, "SLEEPING");
        return id;
    }

    private static JsonPath environment(String id) {
        return given().get("/api/v1/environments/" + id).then().statusCode(200).extract().jsonPath();
    }

    private String aliasTarget(String name) {
        Service alias = client.services().inNamespace("driftless-routing").withName(name).get();
        return alias == null ? null : alias.getSpec().getExternalName();
    }

    /**
     * Opens the page and waits until it is live: its stream open and the fragment fetched once on opening
     * (the catch-up), so what follows is the page at rest.
     */
    private void openLive(String url) {
        browser.driver.get(url);
        browser.waiting().withMessage("the stream to open and the page to catch up on " + url)
                .until(d -> Boolean.TRUE.equals(browser.script(
                        "return performance.getEntriesByType('resource').some(e => e.name.includes('/fragments/'))"
                                + " && document.querySelector('.htmx-request') === null")));
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
}
