package io.driftless.server;

import static io.driftless.server.Requests.given;
import static io.driftless.server.Requests.uniqueRepository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.driftless.api.service.RepositorySecrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Repository secrets: stored sealed, listed without values, rotated to a new version, deleted. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class RepositorySecretsApiTest {

    private static final String VALUE = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
    private static final String ROTATED = "sk_test_rotated_BQokikJOvBiI2HlWgH4olfQ2";

    @Inject
    DataSource dataSource;

    @Inject
    RepositorySecrets secrets;

    private static Response put(String repository, String name, Object value) {
        return given().contentType(ContentType.JSON).body(Map.of("value", value))
                .put("/api/v1/repos/" + repository + "/secrets/" + name);
    }

    @Test
    void aSecretIsStoredListedRotatedAndDeletedWithoutItsValueEverShowing() throws Exception {
        String repository = uniqueRepository();

        Response created = put(repository, "STRIPE_TEST_KEY", VALUE);
        created.then().statusCode(201).body("name", equalTo("STRIPE_TEST_KEY")).body("version", equalTo(1))
                .body("updatedAt", notNullValue()).body("updatedBy", notNullValue());
        assertThat(created.asString()).doesNotContain(VALUE);
        put(repository, "OTHER", "x").then().statusCode(201);

        Response list = given().get("/api/v1/repos/" + repository + "/secrets");
        list.then().statusCode(200).body("", hasSize(2))
                .body("[0].name", equalTo("OTHER")).body("[1].name", equalTo("STRIPE_TEST_KEY"))
                .body("[1].version", equalTo(1));
        assertThat(list.asString()).doesNotContain(VALUE).doesNotContain("value").doesNotContain("ciphertext");

        Response rotated = put(repository, "STRIPE_TEST_KEY", ROTATED);
        rotated.then().statusCode(200).body("version", equalTo(2));
        assertThat(rotated.asString()).doesNotContain(ROTATED);
        given().get("/api/v1/repos/" + repository + "/secrets").then().body("[1].version", equalTo(2));

        byte[] ciphertext = storedRow(repository, "STRIPE_TEST_KEY");
        assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(ROTATED).doesNotContain(VALUE);
        assertThat(rowsMentioning(ROTATED)).as("no column of the row, nor the audit trail, holds the value").isZero();
        assertThat(auditDetails(repository)).containsExactly("STRIPE_TEST_KEY version 1", "OTHER version 1",
                "STRIPE_TEST_KEY version 2");

        assertThat(secrets.values(repository, List.of("STRIPE_TEST_KEY", "OTHER", "MISSING")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("STRIPE_TEST_KEY", ROTATED, "OTHER", "x"));
        assertThat(secrets.versions(repository, Set.of("STRIPE_TEST_KEY", "MISSING")))
                .containsExactlyInAnyOrderEntriesOf(Map.of("STRIPE_TEST_KEY", 2));

        given().delete("/api/v1/repos/" + repository + "/secrets/STRIPE_TEST_KEY").then().statusCode(204);
        given().get("/api/v1/repos/" + repository + "/secrets").then().body("", hasSize(1))
                .body("[0].name", equalTo("OTHER"));
        assertThat(secrets.values(repository, List.of("STRIPE_TEST_KEY"))).isEmpty();
        assertThat(storedRow(repository, "STRIPE_TEST_KEY")).as("the tombstone keeps no ciphertext").isNull();
        given().delete("/api/v1/repos/" + repository + "/secrets/STRIPE_TEST_KEY").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("STRIPE_TEST_KEY"));
    }

    @Test
    void aSecretPutAgainAfterADeleteGetsANewVersionNotItsFirstAgain() {
        String repository = uniqueRepository();
        put(repository, "TOKEN", "one").then().statusCode(201).body("version", equalTo(1));
        given().delete("/api/v1/repos/" + repository + "/secrets/TOKEN").then().statusCode(204);

        // version 1 named the old value in revisions' spec hashes: the new value must not reuse it
        put(repository, "TOKEN", "two").then().statusCode(201).body("version", equalTo(2));

        assertThat(secrets.values(repository, List.of("TOKEN"))).containsEntry("TOKEN", "two");
    }

    @Test
    void theRepositoryIsComparedWithoutCaseAsGitHubDoes() {
        String repository = uniqueRepository();
        put(repository.toUpperCase(), "TOKEN", "one").then().statusCode(201);

        assertThat(secrets.values(repository, List.of("TOKEN"))).containsEntry("TOKEN", "one");
        given().get("/api/v1/repos/" + repository + "/secrets").then().body("[0].name", equalTo("TOKEN"));
    }

    @Test
    void aBadNameOrAnOversizeOrMissingValueIsRefusedWithTheFieldNamed() {
        String repository = uniqueRepository();

        for (String name : List.of("stripe_key", "1KEY", "KEY-1", "K".repeat(65))) {
            put(repository, name, "x").then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("name"))
                    .body("errors[0].message", containsString("^[A-Z_][A-Z0-9_]{0,63}$"));
        }
        put(repository, "K".repeat(64), "x").then().statusCode(201);
        put(repository, "_", "x").then().statusCode(201);

        put(repository, "BIG", "x".repeat(64 * 1024 + 1)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("value")).body("errors[0].message", containsString("64 KiB"));
        // 64 KiB counts UTF-8 bytes: 32 Ki two-byte characters are the limit
        put(repository, "BIG", "é".repeat(32 * 1024 + 1)).then().statusCode(400).body("errors[0].field", equalTo("value"));
        put(repository, "BIG", "é".repeat(32 * 1024)).then().statusCode(201);
        given().contentType(ContentType.JSON).body("{}").put("/api/v1/repos/" + repository + "/secrets/NULL_VALUE")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("value"));
        given().contentType(ContentType.JSON).body(Map.of("value", "x", "other", 1))
                .put("/api/v1/repos/" + repository + "/secrets/EXTRA").then().statusCode(400)
                .body("errors[0].field", equalTo("other"));

        given().get("/api/v1/repos/" + repository + "/secrets").then()
                .body("name", equalTo(List.of("BIG", "K".repeat(64), "_")));
    }

    private byte[] storedRow(String repository, String name) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select ciphertext from repository_secret where repository = ? and name = ?")) {
            select.setString(1, repository);
            select.setString(2, name);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("a row for " + name).isTrue();
                return row.getBytes(1);
            }
        }
    }

    /** Rows of repository_secret or audit_event whose text form, any column, holds the string. */
    private int rowsMentioning(String text) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        select (select count(*) from repository_secret s where s::text like ?)
                             + (select count(*) from audit_event a where a::text like ?)""")) {
            select.setString(1, "%" + text + "%");
            select.setString(2, "%" + text + "%");
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private List<String> auditDetails(String repository) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select detail from audit_event where repository = ? and action = 'SECRET_PUT' order by id")) {
            select.setString(1, repository);
            List<String> details = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    details.add(row.getString(1));
                }
            }
            return details;
        }
    }
}
