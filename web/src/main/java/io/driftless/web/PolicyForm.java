package io.driftless.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.driftless.api.policy.InvalidPolicyProblem;
import io.driftless.api.policy.PolicyDocument;
import io.driftless.api.service.InvalidFieldsProblem.FieldProblem;

/**
 * The policy form of the Policies page, for the global policy or a repository's override: what was typed
 * in each input, turned into the JSON the API takes so {@link PolicyDocument#parse} judges it exactly as it
 * judges the API's, and back into inputs (with what was typed kept, and each field's error beside it).
 *
 * <p>
 * For a repository an empty input means "inherit the global policy"; the global policy sets every field.
 *
 * @param global whether it is the global policy's form
 * @param typed  input name to what was typed (the budget's inputs are {@code deletionBudget.count} and
 *               {@code deletionBudget.per}; dryRun is {@code true}, {@code false} or empty)
 */
public record PolicyForm(boolean global, Map<String, String> typed) {

    static final String BUDGET_COUNT = PolicyDocument.DELETION_BUDGET + ".count";
    static final String BUDGET_PER = PolicyDocument.DELETION_BUDGET + ".per";

    /** An input as the template draws it. {@code kind}: text, number, lines, select or checkbox. */
    public record Input(String name, String id, String label, String kind, String value, String hint,
            List<Option> options, String error) {

        public boolean checked() {
            return "true".equals(value);
        }
    }

    public record Option(String value, String label) {
    }

    private record Spec(String name, String label, String kind, String hint, List<Option> options) {
    }

    private static final String DURATION = "e.g. 90s, 45m, 72h, 3d or PT2H";

    private static final List<Spec> SPECS = List.of(
            new Spec(PolicyDocument.IDLE_EXPIRY, "Idle expiry", "text",
                    "torn down after this long with no request to its preview, new revision or extension; " + DURATION, List.of()),
            new Spec(PolicyDocument.MAX_LIFETIME, "Maximum lifetime", "text",
                    "hard cap from creation that extensions cannot pass; " + DURATION, List.of()),
            new Spec(PolicyDocument.WARN_BEFORE, "Warn before", "text", "how long before expiry the warning goes out; "
                    + DURATION, List.of()),
            new Spec(PolicyDocument.EXTEND_BY, "Extend by", "text", "what one extension adds; " + DURATION, List.of()),
            new Spec(PolicyDocument.PROTECTED_BRANCHES, "Protected branches", "lines",
                    "globs that never expire, one per line or comma-separated, e.g. main, release/*", List.of()),
            new Spec(PolicyDocument.ON_PULL_REQUEST_CLOSE, "On pull request close", "text",
                    "teardown, keep, or a grace duration such as 2h", List.of()),
            new Spec(PolicyDocument.MAX_ENVIRONMENTS, "Maximum environments per repository", "number", "0 for no limit",
                    List.of()),
            new Spec(PolicyDocument.WHEN_FULL, "When full", "select",
                    "refuse the request, or tear down the environment idle the longest",
                    List.of(new Option("refuse", "refuse"), new Option("evict-oldest-idle", "evict-oldest-idle"))),
            new Spec(PolicyDocument.REVISIONS_KEPT, "Revisions kept", "number", "at least 1", List.of()),
            new Spec(BUDGET_COUNT, "Deletion budget: teardowns", "number",
                    "automatic teardowns allowed per period before the reaper pauses", List.of()),
            new Spec(BUDGET_PER, "Deletion budget: per", "text", "the budget's period; " + DURATION, List.of()),
            new Spec(PolicyDocument.DRY_RUN, "Dry run", "checkbox", "the reaper only records what it would do",
                    List.of(new Option("true", "on: only record"), new Option("false", "off: tear down"))),
            new Spec(PolicyDocument.ACCESS, "Preview access", "select",
                    "who may open preview URLs: anyone, reviewers and admins logged in to Driftless, "
                            + "or holders of a share link",
                    List.of(new Option("public", "public"), new Option("login", "login"), new Option("link", "link"))),
            new Spec(PolicyDocument.SLEEP_AFTER, "Sleep after", "text",
                    "the current revision sleeps (scaled to zero, woken by the next request) after this long with no "
                            + "request to its preview and no new revision; never, or " + DURATION, List.of()));

    /** The names of every input of the form, in order. */
    static List<String> names(boolean global) {
        return SPECS.stream().map(Spec::name).filter(n -> global || !n.startsWith(PolicyDocument.DELETION_BUDGET))
                .toList();
    }

    /** What was posted; a missing input reads as empty (an unticked checkbox sends nothing). */
    static PolicyForm typed(boolean global, Function<String, String> posted) {
        Map<String, String> typed = new LinkedHashMap<>();
        for (String name : names(global)) {
            String value = posted.apply(name);
            typed.put(name, value == null ? "" : value);
        }
        if (global) {
            // a checkbox: ticked sends "true", unticked nothing
            typed.put(PolicyDocument.DRY_RUN, String.valueOf("true".equals(typed.get(PolicyDocument.DRY_RUN))));
        }
        return new PolicyForm(global, typed);
    }

    /** The form filled with a stored policy's set fields (a repository's unset ones empty: inherited). */
    static PolicyForm showing(boolean global, Map<String, Object> values) {
        Map<String, String> typed = new LinkedHashMap<>();
        for (String name : names(global)) {
            typed.put(name, "");
        }
        values.forEach((field, value) -> {
            if (field.equals(PolicyDocument.DELETION_BUDGET) && value instanceof Map<?, ?> budget) {
                typed.put(BUDGET_COUNT, String.valueOf(budget.get("count")));
                typed.put(BUDGET_PER, String.valueOf(budget.get("per")));
            } else if (field.equals(PolicyDocument.PROTECTED_BRANCHES) && value instanceof List<?> globs) {
                typed.put(field, String.join("\n", globs.stream().map(String::valueOf).toList()));
            } else if (typed.containsKey(field)) {
                typed.put(field, String.valueOf(value));
            }
        });
        return new PolicyForm(global, typed);
    }

    /**
     * The policy typed in, judged as the API judges it.
     *
     * @throws InvalidPolicyProblem naming each wrong field; for the global policy an empty input is one
     */
    PolicyDocument document() {
        List<FieldProblem> missing = new ArrayList<>();
        ObjectNode json = json(missing);
        List<FieldProblem> problems = new ArrayList<>(missing);
        try {
            PolicyDocument document = PolicyDocument.parse(json, global);
            if (problems.isEmpty()) {
                return document;
            }
        } catch (InvalidPolicyProblem e) {
            problems.addAll(e.errors());
        }
        throw new InvalidPolicyProblem(problems);
    }

    private ObjectNode json(List<FieldProblem> missing) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode json = f.objectNode();
        for (String field : PolicyDocument.FIELDS) {
            if (!global && field.equals(PolicyDocument.DELETION_BUDGET)) {
                continue;
            }
            if (field.equals(PolicyDocument.DELETION_BUDGET)) {
                String count = value(BUDGET_COUNT);
                String per = value(BUDGET_PER);
                if (count.isEmpty() && per.isEmpty()) {
                    missing.add(new FieldProblem(BUDGET_COUNT, "must be set: the global policy sets every field"));
                    continue;
                }
                ObjectNode budget = json.putObject(field);
                budget.set("count", number(count));
                if (!per.isEmpty()) {
                    budget.put("per", per);
                }
                continue;
            }
            String value = value(field);
            if (field.equals(PolicyDocument.PROTECTED_BRANCHES)) {
                if (!value.isEmpty() || global) {
                    var globs = json.putArray(field);
                    splitGlobs(value).forEach(globs::add);
                }
                continue;
            }
            if (value.isEmpty()) {
                if (global) {
                    missing.add(new FieldProblem(field, "must be set: the global policy sets every field"));
                }
                continue;
            }
            switch (field) {
                case PolicyDocument.MAX_ENVIRONMENTS, PolicyDocument.REVISIONS_KEPT -> json.set(field, number(value));
                case PolicyDocument.DRY_RUN -> json.put(field, Boolean.parseBoolean(value));
                default -> json.put(field, value);
            }
        }
        return json;
    }

    /** A whole number as a number; anything else as text, which the policy's parser names as wrong. */
    private static com.fasterxml.jackson.databind.JsonNode number(String text) {
        if (text.matches("-?\\d{1,9}")) {
            return JsonNodeFactory.instance.numberNode(Integer.parseInt(text));
        }
        return text.isEmpty() ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.textNode(text);
    }

    private String value(String name) {
        String v = typed.get(name);
        return v == null ? "" : v.trim();
    }

    /**
     * One glob per line or comma-separated. A comma inside braces belongs to the glob ({@code v{1,2}.*}),
     * so this splits by hand rather than with a regular expression.
     */
    static List<String> splitGlobs(String text) {
        List<String> globs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            }
            if (c == '\n' || c == '\r' || (c == ',' && depth == 0)) {
                add(globs, current);
                depth = c == ',' ? depth : 0;
            } else {
                current.append(c);
            }
        }
        add(globs, current);
        return globs;
    }

    private static void add(List<String> globs, StringBuilder current) {
        if (!current.toString().isBlank()) {
            globs.add(current.toString().trim());
        }
        current.setLength(0);
    }

    /**
     * The inputs to draw, each with what was typed and its error.
     *
     * @param prefix makes the ids unique on a page with two forms
     * @param errors input name to message, as {@link #errorsByInput} gives them
     */
    public List<Input> inputs(String prefix, Map<String, String> errors) {
        List<Input> inputs = new ArrayList<>();
        for (Spec spec : SPECS) {
            if (!typed.containsKey(spec.name())) {
                continue;
            }
            String kind = spec.kind();
            List<Option> options = spec.options();
            String hint = spec.hint();
            if (!global) {
                hint = hint + "; empty: inherit the global policy";
                if (kind.equals("checkbox")) {
                    // a checkbox cannot say "inherit"
                    kind = "select";
                }
                if (kind.equals("select")) {
                    List<Option> withInherit = new ArrayList<>();
                    withInherit.add(new Option("", "inherit"));
                    withInherit.addAll(options);
                    options = withInherit;
                }
            }
            inputs.add(new Input(spec.name(), prefix + "-" + spec.name().replace('.', '-'), spec.label(), kind,
                    typed.get(spec.name()), hint, options, errors.get(spec.name())));
        }
        return inputs;
    }

    /**
     * Each problem on the input it is about ({@code protectedBranches[1]} on protectedBranches,
     * {@code deletionBudget} on its count); problems about no input come under the empty key.
     */
    Map<String, String> errorsByInput(List<FieldProblem> problems) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldProblem p : problems) {
            String input = p.field().replaceAll("\\[\\d+]$", "");
            if (input.equals(PolicyDocument.DELETION_BUDGET)) {
                input = BUDGET_COUNT;
            }
            String message = p.field().equals(input) ? p.message() : p.field() + " " + p.message();
            if (!typed.containsKey(input)) {
                message = p.field() + " " + p.message();
                input = "";
            }
            errors.merge(input, message, (a, b) -> a + "; " + b);
        }
        return errors;
    }
}
