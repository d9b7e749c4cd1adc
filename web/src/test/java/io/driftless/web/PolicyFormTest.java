package io.driftless.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.driftless.api.policy.DeletionBudget;
import io.driftless.api.policy.InvalidPolicyProblem;
import io.driftless.api.policy.OnClose;
import io.driftless.api.policy.PolicyDocument;
import io.driftless.api.policy.WhenFull;

class PolicyFormTest {

    private static Map<String, String> globalTyped() {
        Map<String, String> typed = new HashMap<>();
        typed.put("idleExpiry", "72h");
        typed.put("maxLifetime", "30d");
        typed.put("warnBefore", "24h");
        typed.put("extendBy", "1d");
        typed.put("protectedBranches", "main\nrelease/*, v{1,2}.*");
        typed.put("onPullRequestClose", "2h");
        typed.put("maxEnvironmentsPerRepository", "5");
        typed.put("whenFull", "evict-oldest-idle");
        typed.put("revisionsKept", "3");
        typed.put("deletionBudget.count", "20");
        typed.put("deletionBudget.per", "1h");
        typed.put("dryRun", "true");
        typed.put("access", "login");
        typed.put("sleepAfter", "never");
        return typed;
    }

    @Test
    void everyGlobalInputBecomesItsField() {
        PolicyDocument d = PolicyForm.typed(true, globalTyped()::get).document();

        assertThat(d.idleExpiry()).isEqualTo(Duration.ofHours(72));
        assertThat(d.extendBy()).isEqualTo(Duration.ofDays(1));
        assertThat(d.protectedBranches()).containsExactly("main", "release/*", "v{1,2}.*");
        assertThat(d.onPullRequestClose()).isEqualTo(new OnClose(OnClose.Kind.GRACE, Duration.ofHours(2)));
        assertThat(d.maxEnvironmentsPerRepository()).isEqualTo(5);
        assertThat(d.whenFull()).isEqualTo(WhenFull.EVICT_OLDEST_IDLE);
        assertThat(d.deletionBudget()).isEqualTo(new DeletionBudget(20, Duration.ofHours(1)));
        assertThat(d.access()).isEqualTo(io.driftless.api.policy.PreviewAccess.LOGIN);
        assertThat(d.dryRun()).isTrue();
        assertThat(d.sleepAfter()).isEqualTo(io.driftless.api.policy.SleepAfter.NEVER);
    }

    @Test
    void anUntickedDryRunIsOffAndAnEmptyGlobalFieldIsAnError() {
        Map<String, String> typed = globalTyped();
        typed.remove("dryRun");
        assertThat(PolicyForm.typed(true, typed::get).document().dryRun()).isFalse();

        typed.put("warnBefore", " ");
        assertThatThrownBy(() -> PolicyForm.typed(true, typed::get).document())
                .isInstanceOfSatisfying(InvalidPolicyProblem.class, e -> assertThat(e.errors())
                        .extracting(InvalidPolicyProblem.FieldProblem::field).containsExactly("warnBefore"));
    }

    @Test
    void aRepositorysEmptyInputsInheritAndAreNotSent() {
        PolicyDocument d = PolicyForm.typed(false, Map.of("idleExpiry", "10m", "dryRun", "")::get).document();

        assertThat(d).isEqualTo(new PolicyDocument(Duration.ofMinutes(10), null, null, null, null, null, null, null,
                null, null, null, null, null));
    }

    @Test
    void badValuesAreReportedOnTheirInputsWithWhatWasTypedKept() {
        Map<String, String> typed = globalTyped();
        typed.put("idleExpiry", "soon");
        typed.put("protectedBranches", "main\n/abs");
        typed.put("deletionBudget.count", "many");
        PolicyForm form = PolicyForm.typed(true, typed::get);

        InvalidPolicyProblem problem = org.junit.jupiter.api.Assertions.assertThrows(InvalidPolicyProblem.class,
                form::document);
        Map<String, String> errors = form.errorsByInput(problem.errors());

        assertThat(errors).containsOnlyKeys("idleExpiry", "protectedBranches", "deletionBudget.count");
        assertThat(errors.get("idleExpiry")).contains("not 'soon'");
        assertThat(errors.get("protectedBranches")).startsWith("protectedBranches[1] ");
        List<PolicyForm.Input> inputs = form.inputs("global", errors);
        assertThat(inputs).filteredOn(i -> i.name().equals("idleExpiry")).singleElement()
                .satisfies(i -> assertThat(i.value()).isEqualTo("soon"))
                .satisfies(i -> assertThat(i.error()).contains("positive duration"));
    }

    @Test
    void aRepositorysFormHasNoBudgetAndOffersInheritInItsChoices() {
        List<PolicyForm.Input> inputs = PolicyForm.showing(false, Map.of("dryRun", true)).inputs("r", Map.of());

        assertThat(inputs).extracting(PolicyForm.Input::name).doesNotContain("deletionBudget.count",
                "deletionBudget.per");
        assertThat(inputs).filteredOn(i -> i.name().equals("dryRun")).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo("select");
            assertThat(i.value()).isEqualTo("true");
            assertThat(i.options()).extracting(PolicyForm.Option::label).first().isEqualTo("inherit");
        });
    }

    @Test
    void globsSplitOnLinesAndCommasButNotInsideBraces() {
        assertThat(PolicyForm.splitGlobs("main, release/*\r\nv{1,2}.*,,\n hotfix/** "))
                .containsExactly("main", "release/*", "v{1,2}.*", "hotfix/**");
    }
}
