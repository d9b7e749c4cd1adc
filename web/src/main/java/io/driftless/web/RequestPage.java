package io.driftless.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.driftless.api.rest.EnvironmentRequest;
import io.driftless.api.security.Access;
import io.driftless.api.security.ForbiddenProblem;
import io.driftless.api.security.Role;
import io.driftless.api.service.ConflictProblem;
import io.driftless.api.service.EnvironmentService;
import io.driftless.api.service.InvalidSpecProblem;
import io.driftless.api.service.NewRevision;
import io.driftless.api.spec.SpecError;
import io.driftless.api.spec.SpecParser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * "Request an environment" for admins, so that Driftless can be tried from a browser alone: the same
 * checks and the same service as {@code POST /api/v1/environments}, with each complaint shown next to
 * its field. The spec is typed as the YAML of a driftless.yaml, so its errors have lines and columns.
 */
@Path("/environments/new")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.ADMIN)
public class RequestPage {

    /** The form's fields, in the order the page shows them. */
    static final List<String> FIELDS = List.of("repository", "branch", "commit", "image", "port", "spec");

    private final EnvironmentService environments;
    private final Access access;
    private final Validator validator;

    public RequestPage(EnvironmentService environments, Access access, Validator validator) {
        this.environments = environments;
        this.access = access;
        this.validator = validator;
    }

    /** What was typed, given back with the errors so nothing is typed twice. */
    public record Form(String repository, String branch, String commit, String image, String port, String spec) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance request(Form form, Map<String, List<String>> errors);
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance form() {
        return Templates.request(new Form("", "", "", "", "", ""), Map.of());
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response request(@FormParam("repository") String repository, @FormParam("branch") String branch,
            @FormParam("commit") String commit, @FormParam("image") String image, @FormParam("port") String port,
            @FormParam("spec") String spec) {
        Form form = new Form(trim(repository), trim(branch), trim(commit), trim(image), trim(port),
                spec == null ? "" : spec);
        Map<String, List<String>> errors = new LinkedHashMap<>();
        Integer portNumber = null;
        if (!form.port().isEmpty()) {
            try {
                portNumber = Integer.valueOf(form.port());
            } catch (NumberFormatException e) {
                complain(errors, "port", "must be a TCP port from 1 to 65535");
            }
        }
        boolean specGiven = !form.spec().isBlank();
        // the API's body, checked by the API's constraints; an empty object marks that a spec was given, whose
        // YAML is read below, with lines and columns the JSON of the API has not
        EnvironmentRequest body = new EnvironmentRequest(orNull(form.repository()), orNull(form.branch()),
                orNull(form.commit()), null, null, orNull(form.image()), portNumber, null,
                specGiven ? JsonNodeFactory.instance.objectNode() : null);
        for (ConstraintViolation<EnvironmentRequest> violation : validator.validate(body)) {
            String field = violation.getPropertyPath().toString();
            complain(errors, FIELDS.contains(field) ? field : "", violation.getMessage());
        }
        SpecParser.Parsed parsed = specGiven ? SpecParser.parseYaml(form.spec()) : null;
        if (parsed != null && !parsed.ok()) {
            errors.computeIfAbsent("spec", f -> new ArrayList<>())
                    .addAll(List.of(InvalidSpecProblem.reason(parsed.errors()).split("\n")));
        }
        if (!errors.isEmpty()) {
            return invalid(form, errors);
        }
        try {
            access.requireRepository(body.repository());
            NewRevision revision = parsed == null ? body.toNewRevision()
                    : NewRevision.ofStack(body.repository(), body.repository(), body.branch(), null,
                            body.commit().toLowerCase(Locale.ROOT), parsed.stack(), null);
            var requested = environments.request(revision, access.actor());
            return Response.seeOther(URI.create("/environments/" + requested.environment().id())).build();
        } catch (InvalidSpecProblem e) {
            // a spec that parses may still be refused: a secret the repository does not have
            for (SpecError error : e.errors()) {
                String field = error.path().split("\\.", 2)[0];
                complain(errors, FIELDS.contains(field) ? field : "spec",
                        InvalidSpecProblem.reason(List.of(error)));
            }
            return invalid(form, errors);
        } catch (ConflictProblem | ForbiddenProblem e) {
            complain(errors, "", e.getMessage());
            return invalid(form, errors);
        }
    }

    private static Response invalid(Form form, Map<String, List<String>> errors) {
        return Response.status(Response.Status.BAD_REQUEST).entity(Templates.request(form, errors)).build();
    }

    private static void complain(Map<String, List<String>> errors, String field, String message) {
        errors.computeIfAbsent(field, f -> new ArrayList<>()).add(message);
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    private static String orNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
