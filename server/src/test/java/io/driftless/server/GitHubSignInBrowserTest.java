package io.driftless.server;

import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/**
 * Signing in with GitHub in a real headless Chromium, against the WireMock GitHub: the login page's "Sign in
 * with GitHub" goes to GitHub and back, the reader sees their repository's environment and not another's, and
 * logging out ends the session. Same profile as {@link GitHubSignInTest}, so no second start.
 */
@QuarkusTest
@TestProfile(GitHubSignInTest.WithGitHub.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class GitHubSignInBrowserTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void aReaderSignsInWithGitHubSeesTheirRepositoryOnlyAndLogsOut() {
        String mine = uniqueRepository();
        String visible = GitHubSignInTest.environment(mine);
        String hidden = GitHubSignInTest.environment(uniqueRepository());
        GitHubOAuth.user("octo", Map.of(mine, "read"));
        GitHubOAuth.authorizesAs("octo");
        try (Browser browser = Browser.start()) {
            signInAndOut(browser, visible, hidden);
        }
    }

    private void signInAndOut(Browser browser, String visible, String hidden) {
        browser.driver.get(root + "login");
        browser.submitAndAwaitNewPage(() -> browser.driver.findElement(By.id("login-github")).click());
        browser.waiting().withMessage("back from GitHub, signed in")
                .until(d -> !d.findElements(By.cssSelector("header.top .who")).isEmpty());
        assertThat(browser.text("header.top .who")).isEqualTo("github:octo");
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-environment='" + visible + "']"))).hasSize(1);
        assertThat(browser.driver.findElements(By.cssSelector("tr[data-environment='" + hidden + "']"))).isEmpty();

        browser.submitAndAwaitNewPage(() -> browser.driver.findElement(By.id("logout")).click());
        assertThat(browser.driver.getCurrentUrl()).endsWith("/login?out=true");
        assertThat(browser.driver.manage().getCookieNamed("q_session_github")).as("the session is gone").isNull();
        assertThat(browser.driver.findElement(By.id("login-github")).getText()).isEqualTo("Sign in with GitHub");
    }
}
