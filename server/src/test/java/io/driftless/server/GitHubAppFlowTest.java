package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;

/** As a GitHub App, Driftless trades a signed JWT for an installation token and reports with that token. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(value = GitHubAppStub.class, restrictToAnnotatedClass = true)
class GitHubAppFlowTest {

    @GitHubStub.Server
    WireMockServer github;

    @GitHubStub.Server
    PublicKey appKey;

    @Test
    void anAppSignsAJwtTheAppKeyVerifiesAndReportsWithOneInstallationTokenForManyCalls() throws Exception {
        String tokens = "/app/installations/" + GitHubAppStub.INSTALLATION + "/access_tokens";
        github.stubFor(post(urlPathEqualTo(tokens)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"token\":\"ghs_installation\",\"expires_at\":\"" + Instant.now().plus(Duration.ofHours(1))
                        + "\"}")));
        String repository = uniqueRepository();
        github.stubFor(get(urlPathEqualTo("/repos/" + repository + "/deployments")).willReturn(okJson("[]")));
        github.stubFor(post(urlPathEqualTo("/repos/" + repository + "/deployments"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":77}")));
        github.stubFor(post(urlPathEqualTo("/repos/" + repository + "/deployments/77/statuses"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":1,\"state\":\"success\"}")));

        String id = Requests.post(body(repository, "main", commit())).path("environmentId");
        awaitPhase(id, "READY");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> github.findAll(
                postRequestedFor(urlPathEqualTo("/repos/" + repository + "/deployments/77/statuses"))).size() == 2);

        List<LoggedRequest> exchanges = github.findAll(postRequestedFor(urlPathEqualTo(tokens)));
        assertThat(exchanges).as("one installation token serves every call").hasSize(1);
        String jwt = exchanges.get(0).getHeader("Authorization").substring("Bearer ".length());
        String[] parts = jwt.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(appKey);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs256.verify(Base64.getUrlDecoder().decode(parts[2]))).as("signed with the App's key").isTrue();
        JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.path("iss").asText()).isEqualTo(GitHubAppStub.APP_ID);
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(600);

        assertThat(github.findAll(postRequestedFor(urlPathEqualTo("/repos/" + repository + "/deployments/77/statuses"))))
                .extracting(r -> r.getHeader("Authorization")).containsOnly("Bearer ghs_installation");
    }
}
