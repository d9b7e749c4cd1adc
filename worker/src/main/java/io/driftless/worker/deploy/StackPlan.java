package io.driftless.worker.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.driftless.api.spec.StackSpec;

/**
 * What a stack revision's deploy does next, given what the cluster shows: pure, so each step of the
 * start order is a unit test. The order:
 * <ul>
 * <li>a service starts once every service it {@code dependsOn} is ready and every hook run with its image
 * has succeeded (migrations run before the code that needs them);</li>
 * <li>a hook starts once the services its own service depends on are ready and the hooks before it
 * ({@code migrate} before {@code seed}) have succeeded;</li>
 * <li>the revision is READY when every service is ready and every hook succeeded, and FAILED as soon as
 * a hook failed.</li>
 * </ul>
 */
public final class StackPlan {

    private StackPlan() {
    }

    public enum HookState {
        ABSENT, RUNNING, SUCCEEDED, FAILED
    }

    /** What the cluster shows of a stack revision. */
    public record Observed(Set<String> started, Set<String> ready, Map<String, HookState> hooks) {

        HookState hook(String name) {
            return hooks.getOrDefault(name, HookState.ABSENT);
        }
    }

    public enum Outcome {
        WAITING, READY, FAILED
    }

    /**
     * @param start      services whose workloads to create now, in name order
     * @param run        hooks whose Jobs to create now, in run order
     * @param outcome    where the revision stands
     * @param failedHook the hook that failed, when the outcome is FAILED
     */
    public record Step(Set<String> start, List<String> run, Outcome outcome, String failedHook) {
    }

    public static Step next(StackSpec stack, Observed observed) {
        List<StackSpec.Hook> hooks = stack.hookList();
        for (StackSpec.Hook hook : hooks) {
            if (observed.hook(hook.name()) == HookState.FAILED) {
                return new Step(Set.of(), List.of(), Outcome.FAILED, hook.name());
            }
        }
        Set<String> start = new TreeSet<>();
        for (StackSpec.ServiceSpec service : stack.services().values()) {
            if (!observed.started().contains(service.name()) && dependenciesReady(service, observed)
                    && hooks.stream().filter(h -> h.service().equals(service.name()))
                            .allMatch(h -> observed.hook(h.name()) == HookState.SUCCEEDED)) {
                start.add(service.name());
            }
        }
        List<String> run = new java.util.ArrayList<>();
        boolean earlierDone = true;
        for (StackSpec.Hook hook : hooks) {
            HookState state = observed.hook(hook.name());
            if (state == HookState.ABSENT && earlierDone
                    && dependenciesReady(stack.services().get(hook.service()), observed)) {
                run.add(hook.name());
            }
            earlierDone = earlierDone && state == HookState.SUCCEEDED;
        }
        boolean allReady = observed.ready().containsAll(stack.services().keySet());
        boolean hooksDone = hooks.stream().allMatch(h -> observed.hook(h.name()) == HookState.SUCCEEDED);
        return new Step(start, List.copyOf(run), allReady && hooksDone ? Outcome.READY : Outcome.WAITING, null);
    }

    private static boolean dependenciesReady(StackSpec.ServiceSpec service, Observed observed) {
        return observed.ready().containsAll(service.dependsOn());
    }
}
