package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in GitHub (Enterprise, as its API is under {@code /api/v3}) on WireMock for signing in with GitHub: the
 * OAuth App's token endpoint trades the code {@code <login>-code} for the token {@code <login>-token}, and the
 * API answers that token's user, repositories and team membership as each test sets them.
 */
public class GitHubOAuth implements QuarkusTestResourceLifecycleManager {

    static final String ADMIN_TEAM = "acme/platform";
    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        return Map.of("driftless.auth.ui-login", "github",
                "driftless.auth.github.client-id", "driftless-oauth-app",
                "driftless.auth.github.client-secret", "0123456789abcdef0123456789abcdef01234567",
                "driftless.auth.github.admin-team", ADMIN_TEAM,
                "driftless.auth.github.permission-ttl", "1m",
                "driftless.github.api-url", server.baseUrl() + "/api/v3");
    }

    /** A GitHub user who can sign in, with the permission each repository gives them. */
    static void user(String login, Map<String, String> permissions) {
        String token = login + "-token";
        server.stubFor(post(urlPathEqualTo("/login/oauth/access_token"))
                .withRequestBody(containing("code=" + login + "-code"))
                .willReturn(json("""
                        {"access_token": "%s", "token_type": "bearer", "scope": "repo,read:org"}""".formatted(token))));
        server.stubFor(get(urlPathEqualTo("/api/v3/user")).withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(json("{\"login\": \"%s\", \"id\": %d, \"name\": null}".formatted(login,
                        Math.abs(login.hashCode())))));
        repositories(login, permissions);
    }

    /**
     * GitHub's authorize page, for a browser: it sends anyone straight back to Driftless's callback with the
     * user's code and the state it was given, as GitHub does once the user has authorized the app.
     */
    static void authorizesAs(String login) {
        server.stubFor(get(urlPathEqualTo("/login/oauth/authorize")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{request.query.redirect_uri}}?code=" + login
                        + "-code&state={{request.query.state}}")
                .withTransformers("response-template")));
    }

    /** What {@code GET /user/repos} answers the user from now on. */
    static void repositories(String login, Map<String, String> permissions) {
        String repos = permissions.entrySet().stream().map(e -> {
            String p = e.getValue();
            boolean admin = p.equals("admin");
            boolean maintain = admin || p.equals("maintain");
            boolean push = maintain || p.equals("write");
            boolean triage = push || p.equals("triage");
            return """
                    {"full_name": "%s", "permissions": {"admin": %b, "maintain": %b, "push": %b, "triage": %b, "pull": true}}"""
                    .formatted(e.getKey(), admin, maintain, push, triage);
        }).collect(Collectors.joining(",", "[", "]"));
        answerRepositories(login, json(repos));
    }

    /** Makes {@code GET /user/repos} answer the user with this (an outage, a rate limit). */
    static void answerRepositories(String login, ResponseDefinitionBuilder answer) {
        server.stubFor(get(urlPathEqualTo("/api/v3/user/repos"))
                .withHeader("Authorization", equalTo("Bearer " + login + "-token")).willReturn(answer));
    }

    static void teamMember(String login) {
        String[] team = ADMIN_TEAM.split("/");
        server.stubFor(get(urlPathEqualTo("/api/v3/orgs/" + team[0] + "/teams/" + team[1] + "/memberships/" + login))
                .willReturn(json("{\"state\": \"active\", \"role\": \"member\"}")));
    }

    /** How many times GitHub was asked for the user's repositories. */
    static int repositoryReads(String login) {
        return server.countRequestsMatching(getRequestedFor(urlPathEqualTo("/api/v3/user/repos"))
                .withHeader("Authorization", equalTo("Bearer " + login + "-token")).build()).getCount();
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
