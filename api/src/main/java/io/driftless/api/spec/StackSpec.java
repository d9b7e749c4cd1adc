package io.driftless.api.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A stack as {@code driftless.yaml} (version 1) describes it, validated: its services and its hooks.
 * Built only by {@code SpecParser} (or {@link #singleImage}); renderers take it as it is. Collections are
 * sorted so that equal stacks give equal canonical JSON whatever order the file listed them in.
 *
 * @param services by name (a DNS label); exactly one is exposed
 * @param hooks    the commands run once per revision before it is READY
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StackSpec(SortedMap<String, ServiceSpec> services, Hooks hooks) {

    /** The name the one service of a single-image request gets. */
    public static final String SINGLE_SERVICE = "app";

    public StackSpec {
        services = new TreeMap<>(services);
        hooks = hooks == null ? Hooks.NONE : hooks;
    }

    /** What {@code image} and {@code port} without a spec ask for: one exposed service. */
    public static StackSpec singleImage(String image, int port) {
        return new StackSpec(new TreeMap<>(Map.of(SINGLE_SERVICE, new ServiceSpec(SINGLE_SERVICE, image, port, true,
                List.of(), List.of(), Map.of(), null, Set.of(), null, null))), Hooks.NONE);
    }

    /** What {@code build} and {@code port} without a spec ask for: one exposed service built from the commit. */
    public static StackSpec singleBuild(BuildSpec build, int port) {
        return new StackSpec(new TreeMap<>(Map.of(SINGLE_SERVICE, new ServiceSpec(SINGLE_SERVICE, null, port, true,
                List.of(), List.of(), Map.of(), null, Set.of(), null, null, build))), Hooks.NONE);
    }

    /** The services whose images are built from the commit, by name. */
    @JsonIgnore
    public List<ServiceSpec> builtServices() {
        return services.values().stream().filter(ServiceSpec::built).toList();
    }

    /** The one service behind the environment's URLs. */
    @JsonIgnore
    public ServiceSpec exposed() {
        return services.values().stream().filter(ServiceSpec::expose).findFirst()
                .orElseThrow(() -> new IllegalStateException("a validated stack exposes one service"));
    }

    /**
     * The services in the order they start: each after what it depends on, ties by name. A validated
     * stack has no cycle; a service in one would be left out.
     */
    @JsonIgnore
    public List<ServiceSpec> startOrder() {
        List<ServiceSpec> order = new java.util.ArrayList<>();
        Set<String> started = new TreeSet<>();
        boolean progress = true;
        while (progress && order.size() < services.size()) {
            progress = false;
            for (ServiceSpec service : services.values()) {
                if (!started.contains(service.name()) && started.containsAll(service.dependsOn())) {
                    order.add(service);
                    started.add(service.name());
                    progress = true;
                    break; // take the first by name whose dependencies have started, then look again
                }
            }
        }
        return order;
    }

    /** Every secret name the stack's environment refers to, sorted. */
    @JsonIgnore
    public Set<String> secretNames() {
        Set<String> names = new TreeSet<>();
        services.values().forEach(s -> s.env().values().stream().map(EnvValue::secret)
                .filter(java.util.Objects::nonNull).forEach(names::add));
        return names;
    }

    /** The hooks in the order they run: migrate, then seed. */
    @JsonIgnore
    public List<Hook> hookList() {
        return hooks.inOrder();
    }

    /**
     * One service: a workload and a Service of the same name in the revision's namespace.
     *
     * @param image     the reference as written (a tag is pinned to a digest at deploy)
     * @param port      the port the container listens on; its Service answers on the same port
     * @param command   the container's entrypoint override; empty: the image's
     * @param args      the container's arguments; empty: the image's
     * @param env       by variable name: a literal, or a reference to a repository secret
     * @param health    readiness by HTTP; null: the port accepting connections
     * @param dependsOn services that must be ready before this one starts
     * @param resources requests; limits come from policy
     * @param storage   the size of a volume of its own, mounted at {@link #DATA_PATH}; null: none
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ServiceSpec(String name, String image, int port, boolean expose, List<String> command,
            List<String> args, SortedMap<String, EnvValue> env, Health health, Set<String> dependsOn,
            Resources resources, String storage, BuildSpec build) {

        /** Where a service with {@code storage} finds its volume. */
        public static final String DATA_PATH = "/data";

        /** A service that runs a prebuilt image. */
        public ServiceSpec(String name, String image, int port, boolean expose, List<String> command,
                List<String> args, Map<String, EnvValue> env, Health health, Set<String> dependsOn,
                Resources resources, String storage) {
            this(name, image, port, expose, command, args, new TreeMap<>(env), health, dependsOn, resources, storage,
                    null);
        }

        /** A service that runs {@code image}, or (when it is null) what {@code build} builds. */
        public ServiceSpec(String name, String image, int port, boolean expose, List<String> command,
                List<String> args, Map<String, EnvValue> env, Health health, Set<String> dependsOn,
                Resources resources, String storage, BuildSpec build) {
            this(name, image, port, expose, command, args, new TreeMap<>(env), health, dependsOn, resources, storage,
                    build);
        }

        /** Whether the image is built from the commit rather than given. */
        @JsonIgnore
        public boolean built() {
            return build != null;
        }

        public ServiceSpec {
            command = List.copyOf(command == null ? List.of() : command);
            args = List.copyOf(args == null ? List.of() : args);
            env = new TreeMap<>(env == null ? Map.of() : env);
            dependsOn = new TreeSet<>(dependsOn == null ? Set.of() : dependsOn);
        }

        public Optional<Health> healthCheck() {
            return Optional.ofNullable(health);
        }
    }

    /**
     * How a service's image is built from the revision's commit (instead of {@code image}).
     *
     * @param context    a directory of the repository at the commit, relative to its root ({@code .})
     * @param dockerfile relative to the context
     * @param target     the Dockerfile stage to build; null: the last
     * @param args       build arguments, sorted
     * @param platform   {@code os/arch}, e.g. {@code linux/amd64}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BuildSpec(String context, String dockerfile, String target, SortedMap<String, String> args,
            String platform) {

        public static final String DEFAULT_CONTEXT = ".";
        public static final String DEFAULT_DOCKERFILE = "Dockerfile";
        public static final String DEFAULT_PLATFORM = "linux/amd64";

        public BuildSpec {
            context = context == null ? DEFAULT_CONTEXT : context;
            dockerfile = dockerfile == null ? DEFAULT_DOCKERFILE : dockerfile;
            args = new TreeMap<>(args == null ? Map.of() : args);
            platform = platform == null ? DEFAULT_PLATFORM : platform;
        }
    }

    /** An environment variable's value: exactly one of a literal and a secret's name. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnvValue(String value, String secret) {

        public static EnvValue literal(String value) {
            return new EnvValue(value, null);
        }

        public static EnvValue secretNamed(String name) {
            return new EnvValue(null, name);
        }

        @JsonIgnore
        public boolean isSecret() {
            return secret != null;
        }
    }

    /**
     * @param path           the HTTP path answering 2xx or 3xx when the service is ready
     * @param port           where it answers; the service's port when not given
     * @param timeoutSeconds how long the service may take to become ready
     */
    public record Health(String path, int port, int timeoutSeconds) {
    }

    /** Requests, as Kubernetes quantities ({@code 250m}, {@code 256Mi}); either may be null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resources(String cpu, String memory) {
    }

    /** A command run once in a Job with {@code service}'s image and environment. */
    public record Hook(String name, String service, List<String> command) {

        public Hook {
            command = List.copyOf(command);
        }
    }

    /** The hooks of version 1: {@code migrate}, then {@code seed}; either may be null. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hooks(Hook migrate, Hook seed) {

        public static final Hooks NONE = new Hooks(null, null);

        public List<Hook> inOrder() {
            return java.util.stream.Stream.of(migrate, seed).filter(java.util.Objects::nonNull).toList();
        }
    }
}
