package io.driftless.api.security.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftless.api.security.Caller;
import io.driftless.api.security.Role;

class GitHubPermissionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode page(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void readAndTriageSeeWhileWriteMaintainAndAdminAlsoAct() throws Exception {
        GitHubPermissions permissions = GitHubPermissions.of("octocat", List.of(page("""
                [{"full_name": "Acme/Read", "permissions": {"admin": false, "maintain": false, "push": false, "triage": false, "pull": true}},
                 {"full_name": "acme/triage", "permissions": {"admin": false, "maintain": false, "push": false, "triage": true, "pull": true}}]
                """), page("""
                [{"full_name": "acme/write", "permissions": {"admin": false, "maintain": false, "push": true, "triage": true, "pull": true}},
                 {"full_name": "acme/maintain", "permissions": {"admin": false, "maintain": true, "push": true, "triage": true, "pull": true}},
                 {"full_name": "acme/admin", "permissions": {"admin": true, "maintain": true, "push": true, "triage": true, "pull": true}},
                 {"full_name": "acme/none", "permissions": {"admin": false, "maintain": false, "push": false, "triage": false, "pull": false}}]
                """)));
        Caller caller = permissions.caller();

        assertThat(caller.role()).isEqualTo(Role.reviewer);
        assertThat(caller.concealing()).isTrue();
        assertThat(caller.covers("acme/read")).isTrue();
        assertThat(caller.actsOn("acme/read")).isFalse();
        assertThat(caller.actsOn("acme/triage")).isFalse();
        assertThat(caller.actsOn("acme/write")).isTrue();
        assertThat(caller.actsOn("ACME/Maintain")).isTrue();
        assertThat(caller.actsOn("acme/admin")).isTrue();
        assertThat(caller.covers("acme/none")).isFalse();
        assertThat(caller.covers("other/repo")).isFalse();
    }

    @Test
    void anAdminSeesAndDoesEverything() {
        Caller caller = GitHubPermissions.admin("boss").caller();
        assertThat(caller.role()).isEqualTo(Role.admin);
        assertThat(caller.actsOn("any/repo")).isTrue();
        assertThat(caller.name()).isEqualTo("github:boss");
    }

    @Test
    void tokensAndLocalUsersActWhereverTheySeeAndAreRefusedElsewhere() {
        Caller token = new Caller("ci", Role.bot, java.util.Set.of("acme/shop"));
        assertThat(token.actsOn("acme/shop")).isTrue();
        assertThat(token.concealing()).isFalse();
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return HttpHeaders.of(values, (a, b) -> true);
    }

    @Test
    void anExhaustedRateLimitWaitsForItsReset() {
        Instant now = Instant.parse("2026-11-30T08:00:00Z");
        long reset = now.plusSeconds(600).getEpochSecond();
        assertThat(RateLimit.until(200, headers(Map.of("X-RateLimit-Remaining", List.of("0"),
                "X-RateLimit-Reset", List.of(Long.toString(reset)))), now)).contains(Instant.ofEpochSecond(reset));
        assertThat(RateLimit.until(200, headers(Map.of("X-RateLimit-Remaining", List.of("12"),
                "X-RateLimit-Reset", List.of(Long.toString(reset)))), now)).isEmpty();
    }

    @Test
    void aSecondaryLimitWaitsForRetryAfter() {
        Instant now = Instant.parse("2026-11-30T08:00:00Z");
        assertThat(RateLimit.until(429, headers(Map.of("Retry-After", List.of("30"))), now))
                .contains(now.plusSeconds(30));
        assertThat(RateLimit.until(403, headers(Map.of("Retry-After", List.of("30"))), now))
                .contains(now.plusSeconds(30));
    }

    @Test
    void aResetInThePastStillWaitsAMinute() {
        Instant now = Instant.parse("2026-11-30T08:00:00Z");
        assertThat(RateLimit.until(403, headers(Map.of("X-RateLimit-Remaining", List.of("0"),
                "X-RateLimit-Reset", List.of(Long.toString(now.minusSeconds(5).getEpochSecond())))), now))
                .contains(now.plusSeconds(60));
    }
}
