package io.driftless.server;

import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.postLogin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Guessing passwords on the login form: it slows down, then locks the user name or the address with 429, each
 * failure and lock is audited, and the right password works again once the lock is over. Runs in an app of its
 * own, as it moves the clock and locks the admin; behind a trusted proxy there, so X-Forwarded-For picks the
 * address a guess comes from and X-Forwarded-Proto the scheme.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
@TestProfile(LoginThrottleTest.BehindAProxy.class)
class LoginThrottleTest {

    static final Duration DELAY = Duration.ofMillis(300);
    static final Duration LOCK = Duration.ofMinutes(15);

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "driftless.auth.login.free-failures", "2",
                    "driftless.auth.login.delay", DELAY.toMillis() + "ms",
                    "driftless.auth.login.max-delay", DELAY.toMillis() + "ms",
                    "driftless.auth.login.lock-after", "4",
                    "driftless.auth.login.lock-for", "15m",
                    "driftless.auth.login.window", "15m");
        }
    }

    @Inject
    TestClock clock;

    @Test
    void wrongPasswordsForAUserSlowDownThenLockItAndTheRightOneWorksAfterTheLock() {
        // each guess from another address, so that only the user name counts
        for (int failure = 1; failure <= 2; failure++) {
            guess("admin", "wrong-" + failure, newAddress()).then().statusCode(302)
                    .header("Location", endsWith("/login?error=true"));
        }
        long started = System.nanoTime();
        guess("admin", "wrong-3", newAddress()).then().statusCode(302).header("Location", endsWith("/login?error=true"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the third failure is answered late")
                .isGreaterThanOrEqualTo(DELAY);

        Response locking = guess("admin", "wrong-4", newAddress());
        locking.then().statusCode(429).header("Location", nullValue());
        assertThat(Long.parseLong(locking.header("Retry-After"))).isBetween(LOCK.toSeconds() - 5, LOCK.toSeconds() + 1);
        assertThat(locking.asString()).contains("Too many failed logins");

        // while locked even the right password is refused, unchecked
        Response locked = guess("admin", Requests.ADMIN_PASSWORD, newAddress());
        locked.then().statusCode(429);
        assertThat(locked.getCookie("quarkus-credential")).isNull();

        assertThat(audited("LOGIN_FAILED", "admin")).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(detail -> assertThat(detail).startsWith("wrong user name or password, from 10."));
        assertThat(audited("LOGIN_LOCKED", "admin")).singleElement().asString()
                .startsWith("user name locked until").contains("after 4 failed logins");

        clock.advance(LOCK.plusSeconds(1));
        Response after = guess("admin", Requests.ADMIN_PASSWORD, newAddress());
        after.then().statusCode(302).header("Location", endsWith("/"));
        assertThat(after.cookie("quarkus-credential")).isNotBlank();
    }

    @Test
    void wrongPasswordsFromOneAddressLockItForEveryUserName() {
        String address = newAddress();
        for (int failure = 1; failure <= 3; failure++) {
            guess("nobody-" + UUID.randomUUID(), "wrong", address).then().statusCode(302);
        }
        guess("nobody-" + UUID.randomUUID(), "wrong", address).then().statusCode(429);
        assertThat(audited("LOGIN_LOCKED", address)).singleElement().asString().startsWith("address locked until");

        guess("admin", Requests.ADMIN_PASSWORD, address).then().statusCode(429);
        guess("admin", Requests.ADMIN_PASSWORD, newAddress()).then().statusCode(302)
                .header("Location", endsWith("/"));
    }

    @Test
    void aLoginPostWithoutTheFormsCsrfTokenIsRefusedAndNotCounted() {
        String address = newAddress();
        String user = "forger-" + UUID.randomUUID();
        RestAssured.given().header("X-Forwarded-For", address).redirects().follow(false)
                .contentType(ContentType.URLENC).formParam("j_username", user).formParam("j_password", "x")
                .post("/j_security_check").then().statusCode(400);
        // a token without the cookie the login page set, or one that does not match it, is refused too
        RestAssured.given().header("X-Forwarded-For", address).redirects().follow(false)
                .contentType(ContentType.URLENC).formParam("csrf-token", "made-up").formParam("j_username", user)
                .formParam("j_password", "x").post("/j_security_check").then().statusCode(400);
        RestAssured.given().header("X-Forwarded-For", address).cookie("driftless-csrf", "one").redirects().follow(false)
                .contentType(ContentType.URLENC).formParam("csrf-token", "another").formParam("j_username", user)
                .formParam("j_password", "x").post("/j_security_check").then().statusCode(400);
        assertThat(audited("LOGIN_FAILED", user)).isEmpty();

        // the form's own token is accepted (and the password then checked)
        guess(user, "x", address).then().statusCode(302).header("Location", endsWith("/login?error=true"));
        assertThat(audited("LOGIN_FAILED", user)).hasSize(1);
    }

    @Test
    void hstsOnlyOverHttps() {
        RestAssured.given().get("/login").then().statusCode(200).header("Strict-Transport-Security", nullValue());
        RestAssured.given().header("X-Forwarded-Proto", "https").get("/login").then().statusCode(200)
                .header("Strict-Transport-Security", "max-age=31536000");
        given().header("X-Forwarded-Proto", "https").get("/api/v1/environments").then().statusCode(200)
                .header("Strict-Transport-Security", "max-age=31536000");
    }

    private static Response guess(String user, String password, String address) {
        RequestSpecification client = RestAssured.given().header("X-Forwarded-For", address);
        return postLogin(user, password, client);
    }

    private static int addresses = 0;

    /** An address no other guess came from. */
    private static synchronized String newAddress() {
        addresses++;
        return "10." + (addresses / 65536 % 256) + "." + (addresses / 256 % 256) + "." + (addresses % 256);
    }

    /** The details of the audit events of this kind by this actor. */
    private static List<String> audited(String kind, String actor) {
        return given().queryParam("kind", kind).queryParam("actor", actor).queryParam("size", 200)
                .get("/api/v1/audit").then().statusCode(200).extract().jsonPath().getList("items.detail");
    }
}
