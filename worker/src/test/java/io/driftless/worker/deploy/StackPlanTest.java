package io.driftless.worker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.driftless.api.spec.StackSpec;
import io.driftless.api.spec.StackSpec.Hook;
import io.driftless.api.spec.StackSpec.Hooks;
import io.driftless.api.spec.StackSpec.ServiceSpec;
import io.driftless.worker.deploy.StackPlan.HookState;
import io.driftless.worker.deploy.StackPlan.Observed;
import io.driftless.worker.deploy.StackPlan.Outcome;

class StackPlanTest {

    /** web depends on api and db, api on db; migrate and seed run with web's image. */
    static final StackSpec STACK = new StackSpec(new java.util.TreeMap<>(Map.of(
            "web", service("web", true, Set.of("api", "db")),
            "api", service("api", false, Set.of("db")),
            "db", service("db", false, Set.of()))),
            new Hooks(new Hook("migrate", "web", List.of("./migrate")), new Hook("seed", "web", List.of("./seed"))));

    static ServiceSpec service(String name, boolean expose, Set<String> dependsOn) {
        return new ServiceSpec(name, "ghcr.io/acme/" + name + ":1", 8080, expose, List.of(), List.of(), Map.of(), null,
                dependsOn, null, null);
    }

    static Observed observed(Set<String> started, Set<String> ready, Map<String, HookState> hooks) {
        return new Observed(started, ready, hooks);
    }

    @Test
    void atFirstOnlyServicesWithoutDependenciesStart() {
        StackPlan.Step step = StackPlan.next(STACK, observed(Set.of(), Set.of(), Map.of()));
        assertThat(step.start()).containsExactly("db");
        assertThat(step.run()).isEmpty();
        assertThat(step.outcome()).isEqualTo(Outcome.WAITING);
    }

    @Test
    void aServiceStartsOnceWhatItDependsOnIsReadyAndNotBefore() {
        assertThat(StackPlan.next(STACK, observed(Set.of("db"), Set.of(), Map.of())).start()).isEmpty();
        assertThat(StackPlan.next(STACK, observed(Set.of("db"), Set.of("db"), Map.of())).start())
                .containsExactly("api");
    }

    @Test
    void hooksRunInOrderAfterTheirServicesDependenciesAndBeforeTheServiceItself() {
        Observed dependenciesReady = observed(Set.of("db", "api"), Set.of("db", "api"), Map.of());
        StackPlan.Step step = StackPlan.next(STACK, dependenciesReady);
        assertThat(step.run()).containsExactly("migrate");
        assertThat(step.start()).isEmpty();

        Observed migrating = observed(Set.of("db", "api"), Set.of("db", "api"), Map.of("migrate", HookState.RUNNING));
        assertThat(StackPlan.next(STACK, migrating).run()).isEmpty();

        Observed migrated = observed(Set.of("db", "api"), Set.of("db", "api"), Map.of("migrate", HookState.SUCCEEDED));
        assertThat(StackPlan.next(STACK, migrated).run()).containsExactly("seed");
        assertThat(StackPlan.next(STACK, migrated).start()).isEmpty();

        Observed seeded = observed(Set.of("db", "api"), Set.of("db", "api"),
                Map.of("migrate", HookState.SUCCEEDED, "seed", HookState.SUCCEEDED));
        assertThat(StackPlan.next(STACK, seeded).start()).containsExactly("web");
        assertThat(StackPlan.next(STACK, seeded).outcome()).isEqualTo(Outcome.WAITING);
    }

    @Test
    void theRevisionIsReadyOnlyWhenEveryServiceIsReadyAndEveryHookSucceeded() {
        Map<String, HookState> done = Map.of("migrate", HookState.SUCCEEDED, "seed", HookState.SUCCEEDED);
        Set<String> all = Set.of("db", "api", "web");
        assertThat(StackPlan.next(STACK, observed(all, Set.of("db", "api"), done)).outcome())
                .isEqualTo(Outcome.WAITING);
        StackPlan.Step ready = StackPlan.next(STACK, observed(all, all, done));
        assertThat(ready.outcome()).isEqualTo(Outcome.READY);
        assertThat(ready.start()).isEmpty();
        assertThat(ready.run()).isEmpty();
    }

    @Test
    void aFailedHookFailsTheRevisionAndStartsNothingMore() {
        StackPlan.Step step = StackPlan.next(STACK, observed(Set.of("db", "api"), Set.of("db", "api"),
                Map.of("migrate", HookState.FAILED)));
        assertThat(step.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(step.failedHook()).isEqualTo("migrate");
        assertThat(step.start()).isEmpty();
        assertThat(step.run()).isEmpty();
    }

    @Test
    void aSingleServiceStackStartsAtOnceAndIsReadyWhenItIs() {
        StackSpec single = StackSpec.singleImage("ghcr.io/acme/shop:1", 8080);
        assertThat(StackPlan.next(single, observed(Set.of(), Set.of(), Map.of())).start()).containsExactly("app");
        assertThat(StackPlan.next(single, observed(Set.of("app"), Set.of("app"), Map.of())).outcome())
                .isEqualTo(Outcome.READY);
    }
}
