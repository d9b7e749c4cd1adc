package io.driftless.api.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;

import io.driftless.api.config.GitHubConfig;
import io.driftless.api.config.PolicyConfig;
import io.driftless.api.edge.AccessChanged;
import io.driftless.api.service.AuditLog;
import io.driftless.api.service.InvalidFieldsProblem.FieldProblem;
import io.driftless.api.service.NotFoundProblem;
import io.quarkus.runtime.StartupEvent;

/**
 * The stored policies: the global one and each repository's override, read, changed (each change
 * audited with the fields before and after) and resolved into the policy that applies to a repository.
 * The {@code driftless.policy.revisions-kept} and {@code driftless.github.policy.on-close} properties seed
 * the global policy on the first start only; from then on the database is the truth.
 */
@ApplicationScoped
public class PolicyService {

    private static final Logger LOG = Logger.getLogger(PolicyService.class);

    /** The scope of the global policy's row. */
    public static final String GLOBAL = "*";

    /** What a policy looks like through the API. */
    public record PolicyView(String scope, Map<String, Object> policy, Map<String, EffectivePolicy.Field> effective,
            Instant updatedAt, String updatedBy) {
    }

    private final EntityManager em;
    private final AuditLog audit;
    private final InstantSource clock;
    private final PolicyConfig policyConfig;
    private final GitHubConfig gitHubConfig;
    private final ObjectMapper mapper = new ObjectMapper();
    /** Preview Ingresses follow access (ADR 0010): field-injected to leave the constructor as it was. */
    @Inject
    Event<AccessChanged> accessChanged;

    public PolicyService(EntityManager em, AuditLog audit, InstantSource clock, PolicyConfig policyConfig,
            GitHubConfig gitHubConfig) {
        this.em = em;
        this.audit = audit;
        this.clock = clock;
        this.policyConfig = policyConfig;
        this.gitHubConfig = gitHubConfig;
    }

    /** The global policy a fresh installation starts with, from the start-up properties. */
    public PolicyDocument seed() {
        return new PolicyDocument(Duration.ofHours(72), Duration.ofDays(30), Duration.ofHours(24), Duration.ofHours(24),
                List.of(), gitHubConfig.policy().onClose() == GitHubConfig.OnEvent.keep ? OnClose.KEEP : OnClose.TEARDOWN,
                0, WhenFull.REFUSE, policyConfig.revisionsKept(), new DeletionBudget(20, Duration.ofHours(1)), false,
                PreviewAccess.PUBLIC, SleepAfter.parse(policyConfig.sleepAfter()));
    }

    void seedAtStart(@Observes StartupEvent event) {
        try {
            ensureGlobal();
        } catch (RuntimeException e) {
            // the database may be away at start; the first read seeds it then
            LOG.warnf("could not seed the global policy at start: %s", e.getMessage());
        }
    }

    @Transactional
    void ensureGlobal() {
        int inserted = em.createNativeQuery("""
                insert into policy (scope, document, updated_at, updated_by) values (:scope, :document, :at, 'seed')
                on conflict (scope) do nothing""")
                .setParameter("scope", GLOBAL).setParameter("document", seed().toJson())
                .setParameter("at", clock.instant()).executeUpdate();
        if (inserted == 1) {
            LOG.infof("global policy seeded from the start-up properties: %s", seed().toJson());
        }
    }

    /** The global policy, every field set. */
    @Transactional
    public PolicyDocument global() {
        return stored(GLOBAL, false).map(Stored::document).orElseGet(() -> {
            ensureGlobal();
            return stored(GLOBAL, false).orElseThrow().document();
        });
    }

    /** The policy that applies to the repository's environments. */
    @Transactional
    public EffectivePolicy effective(String repository) {
        PolicyDocument global = global();
        PolicyDocument override = stored(scope(repository), false).map(Stored::document).orElse(PolicyDocument.EMPTY);
        return EffectivePolicy.resolve(global, override, scope(repository));
    }

    /**
     * The policies that apply to several repositories at once, read in one statement (lists show many
     * repositories: their cost must not grow with the page).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Map<String, EffectivePolicy> effective(java.util.Collection<String> repositories) {
        List<String> scopes = repositories.stream().map(PolicyService::scope).distinct().toList();
        List<String> wanted = new ArrayList<>(scopes);
        wanted.add(GLOBAL);
        List<Object[]> rows = em.createNativeQuery("select scope, document from policy where scope in (:scopes)")
                .setParameter("scopes", wanted).getResultList();
        Map<String, PolicyDocument> documents = new java.util.HashMap<>();
        for (Object[] row : rows) {
            documents.put((String) row[0], read((String) row[0], (String) row[1]));
        }
        PolicyDocument global = documents.containsKey(GLOBAL) ? documents.get(GLOBAL) : global();
        Map<String, EffectivePolicy> effective = new java.util.HashMap<>();
        for (String scope : scopes) {
            effective.put(scope, EffectivePolicy.resolve(global, documents.getOrDefault(scope, PolicyDocument.EMPTY),
                    scope));
        }
        return effective;
    }

    /** A repository's override; {@link PolicyDocument#EMPTY} when it has none. */
    @Transactional
    public PolicyDocument repositoryOverride(String repository) {
        return stored(scope(repository), false).map(Stored::document).orElse(PolicyDocument.EMPTY);
    }

    @Transactional
    public PolicyView globalView() {
        PolicyDocument global = global();
        Stored row = stored(GLOBAL, false).orElseThrow();
        return new PolicyView(GLOBAL, global.values(),
                EffectivePolicy.resolve(global, PolicyDocument.EMPTY, null).fields(), row.updatedAt(),
                row.updatedBy());
    }

    /** A repository's override (empty when it has none) and what applies to it. */
    @Transactional
    public PolicyView repositoryView(String repository) {
        Optional<Stored> row = stored(scope(repository), false);
        return new PolicyView(scope(repository), row.map(r -> r.document().values()).orElse(Map.of()),
                effective(repository).fields(), row.map(Stored::updatedAt).orElse(null),
                row.map(Stored::updatedBy).orElse(null));
    }

    /** Every repository that has an override, by name. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> repositoriesWithOverrides() {
        return em.createNativeQuery("select scope from policy where scope <> :global order by scope")
                .setParameter("global", GLOBAL).getResultList();
    }

    /**
     * Changes the global policy: the fields given replace theirs, the others keep their values.
     *
     * @throws InvalidPolicyProblem when the result would be unsound; nothing is changed then
     */
    @Transactional
    public PolicyView putGlobal(PolicyDocument given, String actor) {
        Stored before = stored(GLOBAL, true).orElseGet(() -> {
            ensureGlobal();
            return stored(GLOBAL, true).orElseThrow();
        });
        PolicyDocument after = before.document().with(given);
        requireSound(EffectivePolicy.resolve(after, PolicyDocument.EMPTY, null));
        write(GLOBAL, before.document(), after, actor, null);
        return globalView();
    }

    /**
     * Sets a repository's override to exactly the fields given (the others inherit the global policy).
     *
     * @throws InvalidPolicyProblem when the effective result would be unsound
     */
    @Transactional
    public PolicyView putRepository(String repository, PolicyDocument override, String actor) {
        String scope = scope(repository);
        PolicyDocument before = stored(scope, true).map(Stored::document).orElse(PolicyDocument.EMPTY);
        requireSound(EffectivePolicy.resolve(global(), override, scope));
        write(scope, before, override, actor, scope);
        return repositoryView(repository);
    }

    /** Removes a repository's override: every field inherits the global policy again. */
    @Transactional
    public void deleteRepository(String repository, String actor) {
        String scope = scope(repository);
        PolicyDocument before = stored(scope, true).map(Stored::document)
                .orElseThrow(() -> new NotFoundProblem("The repository " + repository
                        + " has no policy of its own; it follows the global policy."));
        em.createNativeQuery("delete from policy where scope = :scope").setParameter("scope", scope).executeUpdate();
        record(scope, before, PolicyDocument.EMPTY, actor, "repository policy " + scope
                + " removed: every field follows the global policy");
    }

    /** The problems of a proposed policy (as {@link #putGlobal} or {@link #putRepository} would find them). */
    public static void requireSound(EffectivePolicy effective) {
        List<FieldProblem> problems = effective.inconsistencies();
        if (!problems.isEmpty()) {
            throw new InvalidPolicyProblem(problems);
        }
    }

    private void write(String scope, PolicyDocument before, PolicyDocument after, String actor, String repository) {
        if (PolicyDocument.changes(before, after).isEmpty() && stored(scope, false).isPresent()) {
            return;
        }
        em.createNativeQuery("""
                insert into policy (scope, document, updated_at, updated_by) values (:scope, :document, :at, :by)
                on conflict (scope) do update set document = excluded.document, updated_at = excluded.updated_at,
                                                  updated_by = excluded.updated_by""")
                .setParameter("scope", scope).setParameter("document", after.toJson())
                .setParameter("at", clock.instant()).setParameter("by", actor).executeUpdate();
        record(scope, before, after, actor, null);
    }

    private void record(String scope, PolicyDocument before, PolicyDocument after, String actor, String detail) {
        Map<String, Object[]> changes = PolicyDocument.changes(before, after);
        // access, and whether previews may sleep (traffic is then counted at /edge/check), decide the
        // preview Ingresses' edge annotations
        if (changes.containsKey(PolicyDocument.ACCESS) || changes.containsKey(PolicyDocument.SLEEP_AFTER)) {
            accessChanged.fire(new AccessChanged(scope));
        }
        Map<String, Object> was = new LinkedHashMap<>();
        Map<String, Object> now = new LinkedHashMap<>();
        List<String> said = new ArrayList<>();
        changes.forEach((field, values) -> {
            was.put(field, values[0]);
            now.put(field, values[1]);
            said.add(field + " " + shown(values[0]) + " → " + shown(values[1]));
        });
        String name = GLOBAL.equals(scope) ? "global policy" : "repository policy " + scope;
        audit.recordChange(null, GLOBAL.equals(scope) ? null : scope, actor, AuditLog.POLICY_CHANGED,
                detail != null ? detail : name + ": " + (said.isEmpty() ? "set, nothing changed" : String.join("; ", said)),
                json(was), json(now));
        LOG.infof("%s changed by %s: %s", name, actor, String.join("; ", said));
    }

    private static String shown(Object value) {
        return value == null ? "(inherited)" : String.valueOf(value);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Stored(PolicyDocument document, Instant updatedAt, String updatedBy) {
    }

    private Optional<Stored> stored(String scope, boolean forUpdate) {
        List<?> rows = em.createNativeQuery("select document, updated_at, updated_by from policy where scope = :scope"
                + (forUpdate ? " for update" : "")).setParameter("scope", scope).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Stored(read(scope, (String) row[0]),
                toInstant(row[1]), (String) row[2]));
    }

    /**
     * A stored document. The global one was stored with the fields known then: a field added later reads
     * as what Driftless did before it existed ({@code access} public, {@code sleepAfter} never), so an
     * upgrade changes nothing until an admin sets it; a fresh installation is seeded with 2h instead.
     */
    private PolicyDocument read(String scope, String json) {
        boolean global = GLOBAL.equals(scope);
        PolicyDocument document = PolicyDocument.fromJson(json, global);
        return global ? NEW_FIELD_DEFAULTS.with(document) : document;
    }

    /** The defaults of the fields added after the first installations were seeded. */
    private static final PolicyDocument NEW_FIELD_DEFAULTS = PolicyDocument.EMPTY
            .with(PolicyDocument.parse(new ObjectMapper().createObjectNode().put(PolicyDocument.ACCESS, "public")
                    .put(PolicyDocument.SLEEP_AFTER, "never"), true));

    static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("not a time: " + value);
    }

    /** Repositories are named case-insensitively, as GitHub does. */
    public static String scope(String repository) {
        return repository.toLowerCase(Locale.ROOT);
    }
}
