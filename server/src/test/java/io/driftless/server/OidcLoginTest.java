package io.driftless.server;

import static io.driftless.server.Requests.awaitPhase;
import static io.driftless.server.Requests.body;
import static io.driftless.server.Requests.commit;
import static io.driftless.server.Requests.post;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * In production people log in through an OpenID Connect provider: the pages send them there, the
 * callback makes a session, and the provider's groups become Driftless roles.
 */
@QuarkusTest
@TestProfile(OidcLoginTest.WithOidc.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class OidcLoginTest {

    public static class WithOidc implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcProvider.class));
        }
    }

    @Test
    void thePagesSendPeopleToTheProviderAndItsGroupsBecomeRoles() {
        String environment = post(body(uniqueRepository(), "main", commit())).path("environmentId");
        awaitPhase(environment, "READY");

        Response toProvider = RestAssured.given().redirects().follow(false).get("/environments/" + environment);
        toProvider.then().statusCode(302);
        URI authorize = URI.create(toProvider.header("Location"));
        assertThat(authorize.getPath()).isEqualTo("/realms/acme/auth");
        Map<String, String> query = query(authorize);
        assertThat(query).containsEntry("client_id", OidcProvider.CLIENT_ID).containsEntry("response_type", "code");
        assertThat(query.get("redirect_uri")).endsWith("/oidc/callback");

        // the provider sends the browser back with a code; Driftless exchanges it for the ID token
        Response callback = RestAssured.given().redirects().follow(false).cookies(toProvider.cookies())
                .queryParam("code", "a-code").queryParam("state", query.get("state"))
                .get("/oidc/callback");
        callback.then().statusCode(302);
        Map<String, String> session = new HashMap<>(callback.cookies());
        assertThat(session.keySet()).anyMatch(name -> name.startsWith("q_session"));

        Response page = RestAssured.given().redirects().follow(false).cookies(session)
                .get("/environments/" + environment);
        page.then().statusCode(200);
        assertThat(page.asString()).contains(OidcProvider.USER).contains("Tear down");

        // a reviewer extends, but neither pins nor sees the admins' pages
        assertThat(page.asString()).contains("id=\"extend\"").doesNotContain("id=\"pin-button\"")
                .doesNotContain("href=\"/policies\"").doesNotContain("href=\"/audit\"");
        RestAssured.given().redirects().follow(false).cookies(session).get("/policies").then().statusCode(403);
        RestAssured.given().redirects().follow(false).cookies(session).get("/audit").then().statusCode(403);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", java.nio.charset.StandardCharsets.UTF_8));
        }
        return values;
    }
}
