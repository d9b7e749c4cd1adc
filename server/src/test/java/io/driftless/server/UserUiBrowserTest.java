package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * The Users page as an admin uses it, in a real headless Chromium: adding a reviewer shows its password once,
 * the reviewer logs in with it and sees only its repository, and disabling (after a confirmation) ends that.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class UserUiBrowserTest {

    private static Browser browser;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = Browser.start();
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
    void anAdminAddsAReviewerOnThePageWhoLogsInWithTheShownPasswordAndSeesOnlyItsRepository() {
        String mine = uniqueRepository();
        String mineEnvironment = readyEnvironment(mine);
        String otherEnvironment = readyEnvironment(uniqueRepository());
        String name = "reviewer-" + UUID.randomUUID().toString().substring(0, 8);
        logIn("admin", Requests.ADMIN_PASSWORD);

        open("");
        browser.submitAndAwaitNewPage(() -> browser.driver.findElement(By.linkText("Users")).click());
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(root + "users");
        type("user-username", name);
        new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("user-role"))).selectByValue("reviewer");
        type("user-repositories", mine);
        browser.submitAndAwaitNewPage(() -> browser.driver.findElement(By.id("add-user")).click());

        assertThat(browser.text("#issued")).contains("The reviewer " + name + " was added").contains("not shown again");
        String password = browser.text("#password");
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        String row = "tr[data-user='" + name + "']";
        assertThat(browser.text(row + " td[data-label='Role']")).isEqualTo("reviewer");
        assertThat(browser.text(row + " td[data-label='Repositories']")).isEqualTo(mine);
        assertThat(browser.text(row + " .user-status")).isEqualTo("enabled");
        open("users");
        assertThat(browser.driver.getPageSource()).as("shown once").doesNotContain(password);

        browser.driver.manage().deleteAllCookies();
        logIn(name, password);
        assertThat(browser.text("header.top .who")).isEqualTo("user:" + name);
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-environment='" + mineEnvironment + "']"))).hasSize(1);
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-environment='" + otherEnvironment + "']"))).isEmpty();
        assertThat(browser.driver.findElements(By.linkText("Users"))).as("no admin navigation for a reviewer").isEmpty();

        // the admin disables the reviewer, after confirming; the reviewer's next page is the login form
        browser.driver.manage().deleteAllCookies();
        logIn("admin", Requests.ADMIN_PASSWORD);
        open("users");
        browser.submitAndAwaitNewPage(() -> {
            browser.driver.findElement(By.cssSelector(row + " button[aria-label='Disable " + name + "']")).click();
            browser.waiting().until(ExpectedConditions.alertIsPresent());
            assertThat(browser.driver.switchTo().alert().getText()).startsWith("Disable " + name + "?");
            browser.driver.switchTo().alert().accept();
        });
        assertThat(browser.text(row + " .user-status")).startsWith("disabled");
        given().get("/api/v1/users/" + name).then().body("enabled", equalTo(false));
    }

    private void logIn(String user, String password) {
        open("login");
        browser.submitAndAwaitNewPage(() -> browser.submitLogin(user, password));
        assertThat(browser.driver.getCurrentUrl()).as("logged in as %s", user).doesNotContain("login");
    }

    private void open(String path) {
        browser.driver.get(root + path);
        browser.waiting().withMessage("the page " + path)
                .until(d -> "complete".equals(browser.script("return document.readyState")));
    }

    private void type(String id, String text) {
        WebElement input = browser.driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private static String readyEnvironment(String repository) {
        String id = post(body(repository, "main", commit())).path("environmentId");
        awaitPhase(id, "READY");
        return id;
    }
}
