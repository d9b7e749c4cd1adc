package io.driftless.server;

import static io.driftless.server.Requests.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * On the simulated cluster the preflight runs against the simulated API and says so: it claims no permission it
 * could not ask for, and the worker stays ready. The Cluster page shows the same report, each status as a word.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(EmbeddedPostgresResource.class)
class PreflightSimulatedTest {

    private static JsonPath report() {
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/api/v1/cluster/check").statusCode() == 200);
        return given().get("/api/v1/cluster/check").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theSimulatedClusterReportsItsPermissionsUncheckedAndTheWorkerReady() {
        JsonPath report = report();

        assertThat(report.getString("checks.find { it.name == 'permissions' }.status")).isEqualTo("unknown");
        assertThat(report.getString("checks.find { it.name == 'permissions' }.detail"))
                .startsWith("Simulated cluster: permissions not checked");
        assertThat(report.getString("checks.find { it.name == 'pod-security-admission' }.status"))
                .isEqualTo("unknown");
        assertThat(report.getList("checks.detail", String.class)).as("every check says it ran on the simulated API")
                .allMatch(detail -> detail.startsWith("Simulated cluster"));
        JsonPath ready = RestAssured.given().get("/q/health/ready").then().extract().jsonPath();
        assertThat(ready.getString("checks.find { it.name == 'cluster-permissions' }.status")).isEqualTo("UP");
        assertThat(ready.getString("checks.find { it.name == 'cluster-permissions' }.data.checked"))
                .contains("simulated cluster");
    }

    @Test
    void theClusterPageShowsEachCheckWithItsStatusInWords() {
        report();
        String page = Requests.logIn().given().get("/cluster").then().statusCode(200).extract().asString();

        assertThat(page).contains("<a href=\"/cluster\">Cluster</a>", "data-check=\"permissions\"",
                "Simulated cluster: permissions not checked", "</span>unknown</span>");
    }
}
