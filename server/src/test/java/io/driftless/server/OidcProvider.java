package io.driftless.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.util.Map;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A stand-in OpenID Connect provider on WireMock: discovery, its signing key, and a token endpoint
 * that answers any authorization code with an ID token for {@code alice} in the group
 * {@code preview-reviewers}, signed with that key.
 */
public class OidcProvider implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "driftless";
    static final String USER = "alice";
    static final String GROUP = "preview-reviewers";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig().dynamicPort());
        server.start();
        String issuer = server.baseUrl() + "/realms/acme";
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId("test-key");
            server.stubFor(get(urlPathEqualTo("/realms/acme/.well-known/openid-configuration"))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("""
                            {"issuer": "%1$s", "authorization_endpoint": "%1$s/auth", "token_endpoint": "%1$s/token",
                             "jwks_uri": "%1$s/keys", "end_session_endpoint": "%1$s/logout", "response_types_supported": ["code"],
                             "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"]}
                            """.formatted(issuer))));
            server.stubFor(get(urlPathEqualTo("/realms/acme/keys")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))));
            server.stubFor(post(urlPathEqualTo("/realms/acme/token")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("""
                            {"access_token": "%1$s", "id_token": "%1$s", "token_type": "Bearer", "expires_in": 300}
                            """.formatted(idToken(key, issuer)))));
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", issuer,
                "quarkus.oidc.client-id", CLIENT_ID,
                "quarkus.oidc.credentials.secret", "client-secret",
                "driftless.auth.ui-login", "code",
                "quarkus.http.auth.roles-mapping.\"" + GROUP + "\"", "reviewer");
    }

    private static String idToken(RsaJsonWebKey key, String issuer) throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(CLIENT_ID);
        claims.setSubject("user-1");
        claims.setClaim("preferred_username", USER);
        claims.setStringListClaim("groups", GROUP);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(10);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
