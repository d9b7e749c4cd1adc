package io.driftless.api.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.driftless.api.service.InvalidFieldsProblem.FieldProblem;

class PolicyDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<FieldProblem> problems(String text, boolean global) {
        try {
            PolicyDocument.parse(json(text), global);
        } catch (InvalidPolicyProblem e) {
            return e.errors();
        }
        throw new AssertionError("accepted: " + text);
    }

    static PolicyDocument global() {
        return new PolicyDocument(Duration.ofHours(72), Duration.ofDays(30), Duration.ofHours(24), Duration.ofHours(24),
                List.of(), OnClose.TEARDOWN, 0, WhenFull.REFUSE, 3, new DeletionBudget(20, Duration.ofHours(1)), false,
                PreviewAccess.PUBLIC, SleepAfter.parse("2h"));
    }

    @Test
    void durationsReadShortFormsAndIsoAndAreWrittenInTheLargestExactUnit() {
        assertThat(PolicyDuration.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(PolicyDuration.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(PolicyDuration.parse("3d")).isEqualTo(Duration.ofDays(3));
        assertThat(PolicyDuration.parse("45m")).isEqualTo(Duration.ofMinutes(45));
        assertThat(PolicyDuration.parse("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(PolicyDuration.parse("p3d")).isEqualTo(Duration.ofDays(3));
        assertThat(PolicyDuration.format(Duration.ofHours(72))).isEqualTo("72h");
        assertThat(PolicyDuration.format(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(PolicyDuration.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(PolicyDuration.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(PolicyDuration.format(Duration.ofMinutes(90))).isEqualTo("90m");
    }

    @Test
    void negativeZeroFractionalAndUnreadableDurationsAreRefusedSayingWhatIsAccepted() {
        for (String bad : List.of("-2h", "0s", "PT-1H", "2 hours", "", "1.5h", "PT0.5S", "3w")) {
            assertThatThrownBy(() -> PolicyDuration.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be");
        }
    }

    @Test
    void aPolicyReadsEveryFieldAndWritesItBackUnchanged() {
        String text = "{'idleExpiry':'72h','maxLifetime':'30d','warnBefore':'24h','extendBy':'24h',"
                + "'protectedBranches':['main','release/*'],'onPullRequestClose':'2h','maxEnvironmentsPerRepository':5,"
                + "'whenFull':'evict-oldest-idle','revisionsKept':2,'deletionBudget':{'count':20,'per':'1h'},'dryRun':true,"
                + "'access':'login'}";
        PolicyDocument document = PolicyDocument.parse(json(text), true);
        assertThat(document.onPullRequestClose()).isEqualTo(new OnClose(OnClose.Kind.GRACE, Duration.ofHours(2)));
        assertThat(document.whenFull()).isEqualTo(WhenFull.EVICT_OLDEST_IDLE);
        assertThat(document.access()).isEqualTo(PreviewAccess.LOGIN);
        assertThat(PolicyDocument.fromJson(document.toJson(), true)).isEqualTo(document);
        assertThat(json(document.toJson())).isEqualTo(json(text));
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        List<FieldProblem> problems = problems("{'idleExpiry':'-1h','ttl':'3d','protectedBranches':['main','release/[x'],"
                + "'onPullRequestClose':'later','whenFull':'panic','revisionsKept':0,'deletionBudget':{'count':0,'per':'soon'},"
                + "'dryRun':'yes','maxEnvironmentsPerRepository':-1}", true);
        assertThat(problems).extracting(FieldProblem::field).containsExactlyInAnyOrder("ttl", "idleExpiry",
                "protectedBranches[1]", "onPullRequestClose", "whenFull", "revisionsKept", "deletionBudget.count",
                "deletionBudget.per", "dryRun", "maxEnvironmentsPerRepository");
        assertThat(problems).filteredOn(p -> p.field().equals("ttl")).first().extracting(FieldProblem::message)
                .asString().contains("idleExpiry");
    }

    @Test
    void anUnknownAccessModeIsNamedWithTheModesThereAre() {
        List<FieldProblem> problems = problems("{'access':'private'}", false);
        assertThat(problems).extracting(FieldProblem::field).containsExactly("access");
        assertThat(problems.get(0).message()).contains("public, login or link", "'private'");
        assertThat(problems("{'access':true}", true)).extracting(FieldProblem::field).containsExactly("access");
        assertThat(PolicyDocument.parse(json("{'access':'link'}"), false).access()).isEqualTo(PreviewAccess.LINK);
    }

    @Test
    void sleepAfterIsNeverOrAPositiveDurationAndIsWrittenBackAsRead() {
        assertThat(PolicyDocument.parse(json("{'sleepAfter':'never'}"), false).sleepAfter()).isEqualTo(SleepAfter.NEVER);
        PolicyDocument twoHours = PolicyDocument.parse(json("{'sleepAfter':'PT2H'}"), false);
        assertThat(twoHours.sleepAfter().after()).isEqualTo(Duration.ofHours(2));
        assertThat(twoHours.values()).containsEntry("sleepAfter", "2h");
        assertThat(PolicyDocument.parse(json("{'sleepAfter':'NEVER'}"), true).values()).containsEntry("sleepAfter",
                "never");
        for (String bad : List.of("'0s'", "'sometimes'", "7200", "true")) {
            List<FieldProblem> problems = problems("{'sleepAfter':" + bad + "}", false);
            assertThat(problems).extracting(FieldProblem::field).as(bad).containsExactly("sleepAfter");
        }
        assertThat(problems("{'sleepAfter':'soon'}", true).get(0).message()).contains(SleepAfter.MESSAGE);
    }

    @Test
    void aRepositoryMayNotSetTheGlobalReapersBudget() {
        assertThat(problems("{'deletionBudget':{'count':5,'per':'1h'}}", false)).extracting(FieldProblem::field)
                .containsExactly("deletionBudget");
        assertThat(PolicyDocument.parse(json("{'deletionBudget':null}"), false)).isEqualTo(PolicyDocument.EMPTY);
    }

    @Test
    void aRepositoryInheritsWhatItDoesNotSetAndEachValueSaysWhereItCameFrom() {
        PolicyDocument override = PolicyDocument.parse(json("{'idleExpiry':'2h','protectedBranches':['main']}"), false);
        EffectivePolicy effective = EffectivePolicy.resolve(global(), override, "acme/shop");
        assertThat(effective.values().idleExpiry()).isEqualTo(Duration.ofHours(2));
        assertThat(effective.values().maxLifetime()).isEqualTo(Duration.ofDays(30));
        assertThat(effective.fields().get("idleExpiry")).isEqualTo(new EffectivePolicy.Field("2h", "repository acme/shop"));
        assertThat(effective.fields().get("maxLifetime")).isEqualTo(new EffectivePolicy.Field("30d", "global"));
        assertThat(effective.fields().get("protectedBranches").source()).isEqualTo("repository acme/shop");
        assertThat(effective.inconsistencies()).isEmpty();
    }

    @Test
    void aLifetimeShorterThanTheIdleExpiryItCapsIsNamedOnTheFieldTheCallerSet() {
        PolicyDocument override = PolicyDocument.parse(json("{'maxLifetime':'2d'}"), false);
        List<FieldProblem> problems = EffectivePolicy.resolve(global(), override, "acme/shop").inconsistencies();
        assertThat(problems).extracting(FieldProblem::field).containsExactly("maxLifetime");
        assertThat(problems.get(0).message()).contains("48h", "72h", "repository acme/shop", "global");
        PolicyDocument longIdle = PolicyDocument.parse(json("{'idleExpiry':'40d'}"), false);
        assertThat(EffectivePolicy.resolve(global(), longIdle, "acme/shop").inconsistencies())
                .extracting(FieldProblem::field).containsExactly("idleExpiry");
    }

    @Test
    void changesListOnlyTheFieldsThatDifferWithBeforeAndAfter() {
        PolicyDocument after = global().with(PolicyDocument.parse(json("{'idleExpiry':'2h','dryRun':true}"), true));
        assertThat(PolicyDocument.changes(global(), after)).containsOnlyKeys("idleExpiry", "dryRun");
        assertThat(PolicyDocument.changes(global(), after).get("idleExpiry")).containsExactly("72h", "2h");
    }

    @Test
    void branchGlobsMatchWithinAndAcrossSegmentsAndBadOnesAreRefused() {
        assertThat(BranchGlobs.firstMatch(List.of("main", "release/*"), "release/1.2")).contains("release/*");
        assertThat(BranchGlobs.firstMatch(List.of("release/*"), "release/1.2/hotfix")).isEmpty();
        assertThat(BranchGlobs.firstMatch(List.of("release/**"), "release/1.2/hotfix")).contains("release/**");
        assertThat(BranchGlobs.firstMatch(List.of("main"), "maintenance")).isEmpty();
        assertThatThrownBy(() -> BranchGlobs.compile("release/[x")).hasMessageContaining("not a valid glob");
        assertThatThrownBy(() -> BranchGlobs.compile(" ")).hasMessageContaining("empty");
    }
}
