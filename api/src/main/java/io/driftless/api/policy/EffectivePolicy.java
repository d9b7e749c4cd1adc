package io.driftless.api.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.driftless.api.service.InvalidFieldsProblem.FieldProblem;

/**
 * The policy that applies to one repository: each field from the repository's override when it sets
 * it, else from the global policy, with where it came from.
 *
 * @param values  every field set
 * @param sources where each field's value comes from
 */
public record EffectivePolicy(PolicyDocument values, Map<String, PolicySource> sources) {

    /** A value with its source, as the API shows it. */
    public record Field(Object value, String source) {
    }

    /**
     * @param global     the global policy, every field set
     * @param override   the repository's override; {@link PolicyDocument#EMPTY} when it has none
     * @param repository the repository (owner/name); null for the global policy alone
     */
    public static EffectivePolicy resolve(PolicyDocument global, PolicyDocument override, String repository) {
        Map<String, PolicySource> sources = new LinkedHashMap<>();
        PolicySource own = repository == null ? PolicySource.GLOBAL : PolicySource.repository(repository);
        for (String field : PolicyDocument.FIELDS) {
            sources.put(field, override.value(field) != null ? own : PolicySource.GLOBAL);
        }
        return new EffectivePolicy(global.with(override), sources);
    }

    public PolicySource source(String field) {
        return sources.get(field);
    }

    /** Every field with its value and source, in the API's order. */
    public Map<String, Field> fields() {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (String field : PolicyDocument.FIELDS) {
            fields.put(field, new Field(values.value(field), sources.get(field).label()));
        }
        return fields;
    }

    /**
     * What no single field can tell: a hard cap shorter than the idle expiry it caps. Empty when sound.
     * The field named is the one set here, so the message points at what the caller sent.
     */
    public List<FieldProblem> inconsistencies() {
        List<FieldProblem> problems = new ArrayList<>();
        if (values.maxLifetime().compareTo(values.idleExpiry()) < 0) {
            boolean lifetimeHere = sources.get(PolicyDocument.MAX_LIFETIME).kind() == PolicySource.Kind.REPOSITORY
                    || sources.get(PolicyDocument.IDLE_EXPIRY).kind() == PolicySource.Kind.GLOBAL;
            problems.add(new FieldProblem(lifetimeHere ? PolicyDocument.MAX_LIFETIME : PolicyDocument.IDLE_EXPIRY,
                    "maxLifetime (" + PolicyDuration.format(values.maxLifetime()) + ", "
                            + sources.get(PolicyDocument.MAX_LIFETIME).label() + ") must not be shorter than idleExpiry ("
                            + PolicyDuration.format(values.idleExpiry()) + ", "
                            + sources.get(PolicyDocument.IDLE_EXPIRY).label() + ")"));
        }
        return problems;
    }
}
