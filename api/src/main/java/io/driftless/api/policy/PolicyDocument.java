package io.driftless.api.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftless.api.service.InvalidFieldsProblem.FieldProblem;

/**
 * The fields of an expiry, cleanup, preview access and sleep policy, each null when not set: the global policy sets all of
 * them, a repository's override only those it changes. Read from and written to JSON with the field
 * names of the API; durations are written in their shortest form.
 */
public record PolicyDocument(Duration idleExpiry, Duration maxLifetime, Duration warnBefore, Duration extendBy,
        List<String> protectedBranches, OnClose onPullRequestClose, Integer maxEnvironmentsPerRepository,
        WhenFull whenFull, Integer revisionsKept, DeletionBudget deletionBudget, Boolean dryRun,
        PreviewAccess access, SleepAfter sleepAfter) {

    public static final String IDLE_EXPIRY = "idleExpiry";
    public static final String MAX_LIFETIME = "maxLifetime";
    public static final String WARN_BEFORE = "warnBefore";
    public static final String EXTEND_BY = "extendBy";
    public static final String PROTECTED_BRANCHES = "protectedBranches";
    public static final String ON_PULL_REQUEST_CLOSE = "onPullRequestClose";
    public static final String MAX_ENVIRONMENTS = "maxEnvironmentsPerRepository";
    public static final String WHEN_FULL = "whenFull";
    public static final String REVISIONS_KEPT = "revisionsKept";
    public static final String DELETION_BUDGET = "deletionBudget";
    public static final String DRY_RUN = "dryRun";
    public static final String ACCESS = "access";
    public static final String SLEEP_AFTER = "sleepAfter";

    /** Every field, in the order the API and the UI show them. */
    public static final List<String> FIELDS = List.of(IDLE_EXPIRY, MAX_LIFETIME, WARN_BEFORE, EXTEND_BY,
            PROTECTED_BRANCHES, ON_PULL_REQUEST_CLOSE, MAX_ENVIRONMENTS, WHEN_FULL, REVISIONS_KEPT, DELETION_BUDGET,
            DRY_RUN, ACCESS, SLEEP_AFTER);

    /** Fields only the global policy has: the reaper is one for all repositories. */
    public static final List<String> GLOBAL_ONLY = List.of(DELETION_BUDGET);

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final PolicyDocument EMPTY = new PolicyDocument(null, null, null, null, null, null, null, null,
            null, null, null, null, null);

    public PolicyDocument {
        protectedBranches = protectedBranches == null ? null : List.copyOf(protectedBranches);
    }

    /**
     * Reads a policy from a JSON object; {@code null} values and absent fields are unset.
     *
     * @param global whether it is the global policy (repository overrides may not set {@link #GLOBAL_ONLY})
     * @throws InvalidPolicyProblem naming every field that is wrong
     */
    public static PolicyDocument parse(JsonNode json, boolean global) {
        List<FieldProblem> errors = new ArrayList<>();
        if (json == null || json.isNull()) {
            json = JsonNodeFactory.instance.objectNode();
        }
        if (!json.isObject()) {
            throw new InvalidPolicyProblem(List.of(new FieldProblem("body", "must be a JSON object of policy fields")));
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldProblem(name, "is not a policy field; the fields are " + FIELDS));
            } else if (!global && GLOBAL_ONLY.contains(name) && !json.get(name).isNull()) {
                errors.add(new FieldProblem(name, "is set on the global policy only: the reaper and its budget "
                        + "are one for all repositories"));
            }
        }
        Reader r = new Reader(json, errors);
        PolicyDocument document = new PolicyDocument(
                r.duration(IDLE_EXPIRY), r.duration(MAX_LIFETIME), r.duration(WARN_BEFORE), r.duration(EXTEND_BY),
                r.globs(PROTECTED_BRANCHES),
                r.text(ON_PULL_REQUEST_CLOSE, OnClose::parse),
                r.integer(MAX_ENVIRONMENTS, 0, "must be a whole number, 0 for no limit"),
                r.text(WHEN_FULL, t -> WhenFull.parse(t).orElseThrow(
                        () -> new IllegalArgumentException("must be refuse or evict-oldest-idle, not '" + t + "'"))),
                r.integer(REVISIONS_KEPT, 1, "must be a whole number, at least 1"),
                r.budget(DELETION_BUDGET),
                r.bool(DRY_RUN),
                r.text(ACCESS, PreviewAccess::parse),
                r.text(SLEEP_AFTER, SleepAfter::parse));
        if (!errors.isEmpty()) {
            throw new InvalidPolicyProblem(errors);
        }
        return document;
    }

    /** {@code over}'s set fields replace this one's. */
    public PolicyDocument with(PolicyDocument over) {
        return new PolicyDocument(pick(over.idleExpiry, idleExpiry), pick(over.maxLifetime, maxLifetime),
                pick(over.warnBefore, warnBefore), pick(over.extendBy, extendBy),
                pick(over.protectedBranches, protectedBranches), pick(over.onPullRequestClose, onPullRequestClose),
                pick(over.maxEnvironmentsPerRepository, maxEnvironmentsPerRepository), pick(over.whenFull, whenFull),
                pick(over.revisionsKept, revisionsKept), pick(over.deletionBudget, deletionBudget),
                pick(over.dryRun, dryRun), pick(over.access, access), pick(over.sleepAfter, sleepAfter));
    }

    private static <T> T pick(T over, T base) {
        return over != null ? over : base;
    }

    /** The set fields as JSON values, in {@link #FIELDS} order. */
    public Map<String, Object> values() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : FIELDS) {
            Object v = value(field);
            if (v != null) {
                values.put(field, v);
            }
        }
        return values;
    }

    /** One field as its JSON value (a duration as text, the budget as an object); null when unset. */
    public Object value(String field) {
        return switch (field) {
            case IDLE_EXPIRY -> text(idleExpiry);
            case MAX_LIFETIME -> text(maxLifetime);
            case WARN_BEFORE -> text(warnBefore);
            case EXTEND_BY -> text(extendBy);
            case PROTECTED_BRANCHES -> protectedBranches;
            case ON_PULL_REQUEST_CLOSE -> onPullRequestClose == null ? null : onPullRequestClose.toString();
            case MAX_ENVIRONMENTS -> maxEnvironmentsPerRepository;
            case WHEN_FULL -> whenFull == null ? null : whenFull.toString();
            case REVISIONS_KEPT -> revisionsKept;
            case DELETION_BUDGET -> deletionBudget == null ? null
                    : Map.of("count", deletionBudget.count(), "per", PolicyDuration.format(deletionBudget.per()));
            case DRY_RUN -> dryRun;
            case ACCESS -> access == null ? null : access.toString();
            case SLEEP_AFTER -> sleepAfter == null ? null : sleepAfter.toString();
            default -> throw new IllegalArgumentException("no policy field " + field);
        };
    }

    private static String text(Duration d) {
        return d == null ? null : PolicyDuration.format(d);
    }

    /** As stored and compared: the set fields as a JSON object. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(values());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PolicyDocument fromJson(String json, boolean global) {
        try {
            return parse(JSON.readTree(json), global);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored policy does not read: " + e.getOriginalMessage(), e);
        }
    }

    /** The fields whose values differ, each with its value before and after (null when unset). */
    public static Map<String, Object[]> changes(PolicyDocument before, PolicyDocument after) {
        Map<String, Object[]> changes = new LinkedHashMap<>();
        for (String field : FIELDS) {
            Object b = before.value(field);
            Object a = after.value(field);
            if (!java.util.Objects.equals(b, a)) {
                changes.put(field, new Object[] { b, a });
            }
        }
        return changes;
    }

    /** Reads fields, collecting what is wrong rather than stopping at the first. */
    private static final class Reader {
        private final JsonNode json;
        private final List<FieldProblem> errors;

        Reader(JsonNode json, List<FieldProblem> errors) {
            this.json = json;
            this.errors = errors;
        }

        private JsonNode node(String field) {
            JsonNode n = json.get(field);
            return n == null || n.isNull() ? null : n;
        }

        Duration duration(String field) {
            return text(field, PolicyDuration::parse);
        }

        <T> T text(String field, Function<String, T> parse) {
            JsonNode n = node(field);
            if (n == null) {
                return null;
            }
            if (!n.isTextual()) {
                errors.add(new FieldProblem(field, "must be a string"));
                return null;
            }
            try {
                return parse.apply(n.asText());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldProblem(field, e.getMessage()));
                return null;
            }
        }

        Integer integer(String field, int min, String message) {
            JsonNode n = node(field);
            if (n == null) {
                return null;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < min) {
                errors.add(new FieldProblem(field, message));
                return null;
            }
            return n.intValue();
        }

        Boolean bool(String field) {
            JsonNode n = node(field);
            if (n == null) {
                return null;
            }
            if (!n.isBoolean()) {
                errors.add(new FieldProblem(field, "must be true or false"));
                return null;
            }
            return n.booleanValue();
        }

        List<String> globs(String field) {
            JsonNode n = node(field);
            if (n == null) {
                return null;
            }
            if (!n.isArray()) {
                errors.add(new FieldProblem(field, "must be a list of branch globs such as [\"main\", \"release/*\"]"));
                return null;
            }
            List<String> globs = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                JsonNode g = n.get(i);
                if (!g.isTextual()) {
                    errors.add(new FieldProblem(field + "[" + i + "]", "must be a string"));
                    continue;
                }
                try {
                    BranchGlobs.compile(g.asText());
                    globs.add(g.asText().trim());
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldProblem(field + "[" + i + "]", e.getMessage()));
                }
            }
            return globs;
        }

        DeletionBudget budget(String field) {
            JsonNode n = node(field);
            if (n == null) {
                return null;
            }
            String shape = "must be an object such as {\"count\": 20, \"per\": \"1h\"}";
            if (!n.isObject()) {
                errors.add(new FieldProblem(field, shape));
                return null;
            }
            int before = errors.size();
            for (Iterator<String> names = n.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!name.equals("count") && !name.equals("per")) {
                    errors.add(new FieldProblem(field + "." + name, "is not a field of the budget (count, per)"));
                }
            }
            JsonNode count = n.get("count");
            if (count == null || !count.isIntegralNumber() || !count.canConvertToInt() || count.intValue() < 1) {
                errors.add(new FieldProblem(field + ".count", "must be a whole number, at least 1"));
            }
            Duration per = null;
            JsonNode perNode = n.get("per");
            if (perNode == null || !perNode.isTextual()) {
                errors.add(new FieldProblem(field + ".per", PolicyDuration.MESSAGE));
            } else {
                try {
                    per = PolicyDuration.parse(perNode.asText());
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldProblem(field + ".per", e.getMessage()));
                }
            }
            return errors.size() > before ? null : new DeletionBudget(count.intValue(), per);
        }
    }

    /** Builds the JSON object of a document, e.g. for tests and the UI's form. */
    public ObjectNode toNode() {
        return JSON.valueToTree(values());
    }
}
