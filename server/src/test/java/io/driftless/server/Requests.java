package io.driftless.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Builds environment requests and waits on their outcome, for the flow tests. */
final class Requests {

    static final String IMAGE = "registry.example.com/shop@sha256:" + "0123456789abcdef".repeat(4);

    /**
     * The bootstrap admin API token of the test profile ({@code DRIFTLESS_ADMIN_TOKEN}); tests that are
     * not about access control act as the admin.
     */
    static final String ADMIN_TOKEN = "dl_test_bootstrap_admin_token";

    private Requests() {
    }

    /** A request as the bootstrap admin. For an anonymous one, use {@link RestAssured#given()}. */
    static RequestSpecification given() {
        return RestAssured.given().header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    /** A repository no other test uses, so tests do not see each other's environments. */
    static String uniqueRepository() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + "/shop";
    }

    static String commit() {
        StringBuilder sha = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sha.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return sha.toString();
    }

    static Map<String, Object> body(String repository, String branch, String commit) {
        Map<String, Object> body = new HashMap<>();
        body.put("repository", repository);
        body.put("branch", branch);
        body.put("commit", commit);
        body.put("image", IMAGE);
        return body;
    }

    static Response post(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/environments");
    }

    /** Waits (bounded) until the environment's latest revision reaches the phase, and returns the environment. */
    static Response awaitPhase(String environmentId, String phase) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> phase.equals(given().get("/api/v1/environments/" + environmentId).path("phase")));
        return given().get("/api/v1/environments/" + environmentId);
    }

    /** The UI admin's password in the test profile (driftless.auth.admin-password). */
    static final String ADMIN_PASSWORD = "test-admin-password";

    /** Logs in to the UI through the login form, as a person would. */
    static UiSession logIn() {
        Response answer = postLogin("admin", ADMIN_PASSWORD, RestAssured.given());
        answer.then().statusCode(302);
        return new UiSession(new HashMap<>(answer.cookies()));
    }

    /**
     * Opens the login form and posts it with its CSRF token (as {@code client}, which may carry headers such as
     * X-Forwarded-For), not following the answer's redirect.
     */
    static Response postLogin(String user, String password, RequestSpecification client) {
        Response form = RestAssured.given().get("/login");
        form.then().statusCode(200);
        java.util.regex.Matcher token = java.util.regex.Pattern.compile(
                "action=\"/j_security_check\">\\s*<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\"")
                .matcher(form.asString());
        if (!token.find()) {
            throw new AssertionError("the login form has no CSRF token");
        }
        return client.redirects().follow(false).contentType(ContentType.URLENC).cookies(form.cookies())
                .formParam(token.group(1), token.group(2))
                .formParam("j_username", user).formParam("j_password", password)
                .post("/j_security_check");
    }

    /** A person logged in some other way (OIDC, GitHub), with these session cookies. */
    static UiSession session(Map<String, String> cookies) {
        return new UiSession(new HashMap<>(cookies));
    }

    /** A logged-in person: the session cookie, and the CSRF cookie once a page has set it. */
    static final class UiSession {
        private final Map<String, String> cookies;

        private UiSession(Map<String, String> cookies) {
            this.cookies = cookies;
        }

        RequestSpecification given() {
            return RestAssured.given().cookies(cookies);
        }

        /** Opens the page and submits its form whose action is {@code action}, with the page's CSRF token. */
        Response submit(String page, String action) {
            return submit(page, action, Map.of());
        }

        /**
         * Opens the page and submits its form whose action is {@code action} with the page's CSRF token
         * and these {@code values} typed in.
         */
        Response submitWith(String page, String action, Map<String, String> values) {
            Response opened = given().get(page);
            opened.then().statusCode(200);
            cookies.putAll(opened.cookies());
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("<form[^>]*action=\"" + java.util.regex.Pattern.quote(action)
                    + "\"[^>]*>\\s*<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]+)\"").matcher(opened.asString());
            if (!token.find()) {
                throw new AssertionError("no form with action " + action + " and a CSRF token on " + page);
            }
            Map<String, String> form = new HashMap<>(values);
            form.put(token.group(1), token.group(2));
            return given().redirects().follow(false).contentType(ContentType.URLENC).formParams(form).post(action);
        }

        /**
         * Opens the page and submits the first form whose action is {@code action} and whose hidden fields
         * include {@code fields}, sending every hidden field of it (the CSRF token among them).
         */
        Response submit(String page, String action, Map<String, String> fields) {
            Response opened = given().get(page);
            opened.then().statusCode(200);
            cookies.putAll(opened.cookies());
            java.util.regex.Matcher forms = java.util.regex.Pattern.compile("<form[^>]*action=\"" + java.util.regex.Pattern.quote(action)
                    + "\"[^>]*>(.*?)</form>", java.util.regex.Pattern.DOTALL).matcher(opened.asString());
            while (forms.find()) {
                Map<String, String> hidden = new HashMap<>();
                java.util.regex.Matcher input = java.util.regex.Pattern.compile(
                        "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(forms.group(1));
                while (input.find()) {
                    hidden.put(input.group(1), input.group(2));
                }
                if (hidden.entrySet().containsAll(fields.entrySet())) {
                    if (!hidden.containsKey("csrf-token")) {
                        throw new AssertionError("the form with action " + action + " on " + page + " has no CSRF token");
                    }
                    return given().redirects().follow(false).contentType(ContentType.URLENC).formParams(hidden)
                            .post(action);
                }
            }
            throw new AssertionError("no form with action " + action + " and fields " + fields + " on " + page);
        }
    }
}
