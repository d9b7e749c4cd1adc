package io.driftless.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.driftless.api.policy.InvalidPolicyProblem;
import io.driftless.api.policy.Lifecycle;
import io.driftless.api.policy.PolicyDocument;
import io.driftless.api.policy.PolicyService;
import io.driftless.api.policy.PolicyService.PolicyView;
import io.driftless.api.policy.Reaper;
import io.driftless.api.rest.Patterns;
import io.driftless.api.security.Access;
import io.driftless.api.security.Role;
import io.driftless.api.service.ConflictProblem;
import io.driftless.api.service.InvalidFieldsProblem.FieldProblem;
import io.driftless.api.service.NotFoundProblem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * Expiry and cleanup policy for admins: the global policy and each repository's override with every
 * effective value and its source, forms that show what a change would tear down before it is saved, and
 * the paused reaper's Resume button. The same services and rules as {@code /api/v1/policy}.
 */
@Path("/policies")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class PolicyPages {

    private static final Pattern REPOSITORY = Pattern.compile(Patterns.REPOSITORY);

    private final PolicyService policies;
    private final Lifecycle lifecycle;
    private final Reaper reaper;
    private final Access access;

    public PolicyPages(PolicyService policies, Lifecycle lifecycle, Reaper reaper, Access access) {
        this.policies = policies;
        this.lifecycle = lifecycle;
        this.reaper = reaper;
        this.access = access;
    }

    /** One effective value as the tables show it. {@code own}: set by the policy shown, not inherited. */
    public record Row(String field, String value, String source, boolean own) {
    }

    /** A policy shown with its effective values. */
    public record Shown(String scope, List<Row> rows, java.time.Instant updatedAt, String updatedBy,
            boolean selected) {
    }

    /**
     * A form as drawn: its inputs, its problems about no input, and, once previewed, what saving tears
     * down with the exact policy previewed (Save saves only that).
     */
    public record Drawn(String repository, List<PolicyForm.Input> inputs, List<String> problems,
            Lifecycle.Preview preview, String previewed, String note) {

        public boolean previewing() {
            return preview != null;
        }
    }

    /** A repository's override about to be removed, with what its removal tears down. */
    public record Removal(String repository, Lifecycle.Preview preview) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance policies(Reaper.ReaperState reaper, Shown global, List<Shown> overrides,
                Drawn globalForm, Drawn repositoryForm, Removal removal, String saved, String problem);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance page(@QueryParam("repository") String repository, @QueryParam("saved") String saved) {
        String selected = repository == null || repository.isBlank() || !REPOSITORY.matcher(repository.trim()).matches()
                ? null : repository.trim();
        return page(globalDrawn(), repositoryDrawn(selected), null, saved, null);
    }

    /** Previews the global policy typed in, or saves it when it is exactly what was previewed. */
    @POST
    @Path("global")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response global(MultivaluedMap<String, String> form) {
        PolicyForm typed = PolicyForm.typed(true, form::getFirst);
        try {
            PolicyDocument document = typed.document();
            if (savesWhatWasPreviewed(form, document.toJson())) {
                policies.putGlobal(document, access.actor());
                return Response.seeOther(URI.create("/policies?saved=global")).build();
            }
            Drawn drawn = previewed(typed, "global", null, lifecycle.preview(null, document), document.toJson(),
                    changedSincePreview(form));
            return Response.ok(page(drawn, repositoryDrawn(null), null, null, null)).build();
        } catch (InvalidPolicyProblem e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(page(refused(typed, "global", null, e.errors()), repositoryDrawn(null), null, null, null))
                    .build();
        }
    }

    /** Previews a repository's override typed in, or saves it when it is exactly what was previewed. */
    @POST
    @Path("repository")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response repository(MultivaluedMap<String, String> form) {
        PolicyForm typed = PolicyForm.typed(false, form::getFirst);
        String repository = String.valueOf(form.getFirst("repository")).trim();
        try {
            if (!REPOSITORY.matcher(repository).matches()) {
                throw new InvalidPolicyProblem(List.of(new FieldProblem("repository", Patterns.REPOSITORY_MESSAGE)));
            }
            access.requireRepository(repository);
            PolicyDocument document = typed.document();
            // what was previewed is this repository's policy, not the same fields for another one
            String previewed = PolicyService.scope(repository) + " " + document.toJson();
            if (savesWhatWasPreviewed(form, previewed)) {
                policies.putRepository(repository, document, access.actor());
                return Response.seeOther(URI.create("/policies?saved=repository&repository="
                        + URLEncoder.encode(repository, StandardCharsets.UTF_8) + "#repository-policy")).build();
            }
            Drawn drawn = previewed(typed, "repository", repository, lifecycle.preview(repository, document),
                    previewed, changedSincePreview(form));
            return Response.ok(page(globalDrawn(), drawn, null, null, null)).build();
        } catch (InvalidPolicyProblem e) {
            Drawn drawn = refused(typed, "repository", repository, e.errors());
            return Response.status(Response.Status.BAD_REQUEST).entity(page(globalDrawn(), drawn, null, null, null))
                    .build();
        }
    }

    /**
     * Removes a repository's override: the first post shows what following the global policy again tears
     * down, the second (confirm) removes it.
     */
    @POST
    @Path("repository/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response remove(MultivaluedMap<String, String> form) {
        String repository = String.valueOf(form.getFirst("repository")).trim();
        try {
            if (!REPOSITORY.matcher(repository).matches()) {
                throw new NotFoundProblem("'" + repository + "' is not a repository name of the form owner/name.");
            }
            access.requireRepository(repository);
            if ("remove".equals(form.getFirst("action"))) {
                policies.deleteRepository(repository, access.actor());
                return Response.seeOther(URI.create("/policies?saved=removed")).build();
            }
            if (policies.repositoriesWithOverrides().stream().noneMatch(r -> r.equals(PolicyService.scope(repository)))) {
                throw new NotFoundProblem("The repository " + repository
                        + " has no policy of its own; it follows the global policy.");
            }
            Removal removal = new Removal(repository, lifecycle.preview(repository, PolicyDocument.EMPTY));
            return Response.ok(page(globalDrawn(), repositoryDrawn(repository), removal, null, null)).build();
        } catch (NotFoundProblem e) {
            return Response.status(Response.Status.NOT_FOUND)
                    .entity(page(globalDrawn(), repositoryDrawn(null), null, null, e.getMessage())).build();
        }
    }

    @POST
    @Path("reaper/resume")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response resume() {
        try {
            reaper.resume(access.actor());
            return Response.seeOther(URI.create("/policies?saved=resumed")).build();
        } catch (ConflictProblem e) {
            return Response.status(Response.Status.CONFLICT)
                    .entity(page(globalDrawn(), repositoryDrawn(null), null, null, e.getMessage())).build();
        }
    }

    /** Save counts only for the very policy previewed; anything typed since is previewed first. */
    private static boolean savesWhatWasPreviewed(MultivaluedMap<String, String> form, String previewed) {
        return "save".equals(form.getFirst("action")) && previewed.equals(form.getFirst("previewed"));
    }

    private static String changedSincePreview(MultivaluedMap<String, String> form) {
        return "save".equals(form.getFirst("action"))
                ? "The values changed since the preview, so nothing was saved: check this preview, then save."
                : null;
    }

    private static Drawn previewed(PolicyForm typed, String prefix, String repository, Lifecycle.Preview preview,
            String previewed, String note) {
        return new Drawn(repository, typed.inputs(prefix, Map.of()), List.of(), preview, previewed, note);
    }

    private static Drawn refused(PolicyForm typed, String prefix, String repository, List<FieldProblem> problems) {
        List<FieldProblem> onInputs = new ArrayList<>();
        List<String> general = new ArrayList<>();
        for (FieldProblem p : problems) {
            if (p.field().equals("repository")) {
                general.add("Repository " + p.message() + ".");
            } else {
                onInputs.add(p);
            }
        }
        Map<String, String> errors = typed.errorsByInput(onInputs);
        if (errors.containsKey("")) {
            general.add(errors.get(""));
        }
        general.add(0, "Nothing was saved: correct the fields marked below.");
        return new Drawn(repository, typed.inputs(prefix, errors), general, null, null, null);
    }

    private Drawn globalDrawn() {
        PolicyForm form = PolicyForm.showing(true, policies.globalView().policy());
        return new Drawn(null, form.inputs("global", Map.of()), List.of(), null, null, null);
    }

    /** The repository form, filled with the repository's override when one is chosen. */
    private Drawn repositoryDrawn(String repository) {
        Map<String, Object> values = repository == null ? Map.of() : policies.repositoryView(repository).policy();
        PolicyForm form = PolicyForm.showing(false, values);
        return new Drawn(repository, form.inputs("repository", Map.of()), List.of(), null, null, null);
    }

    private TemplateInstance page(Drawn globalForm, Drawn repositoryForm, Removal removal, String saved,
            String problem) {
        PolicyView global = policies.globalView();
        List<Shown> overrides = new ArrayList<>();
        String selected = repositoryForm.repository() == null ? null : PolicyService.scope(repositoryForm.repository());
        for (String repository : policies.repositoriesWithOverrides()) {
            overrides.add(shown(policies.repositoryView(repository), repository.equals(selected)));
        }
        return Templates.policies(reaper.state(), shown(global, true), overrides, globalForm, repositoryForm, removal,
                saved, problem);
    }

    private static Shown shown(PolicyView view, boolean selected) {
        List<Row> rows = new ArrayList<>();
        boolean global = PolicyService.GLOBAL.equals(view.scope());
        view.effective().forEach((field, value) -> rows.add(new Row(field, readable(value.value()), value.source(),
                global || !"global".equals(value.source()))));
        return new Shown(view.scope(), rows, view.updatedAt(), view.updatedBy(), selected);
    }

    /** A field's JSON value as a person reads it: lists joined, the budget as "20 per 1h", on/off. */
    static String readable(Object value) {
        if (value == null) {
            return "—";
        }
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "none" : String.join(", ", list.stream().map(String::valueOf).toList());
        }
        if (value instanceof Map<?, ?> budget) {
            return budget.get("count") + " per " + budget.get("per");
        }
        if (value instanceof Boolean b) {
            return b ? "on" : "off";
        }
        return String.valueOf(value);
    }
}
