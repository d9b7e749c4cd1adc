package io.driftless.api.rest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.driftless.api.security.Role;
import io.driftless.api.service.InvalidSpecProblem;
import io.driftless.api.spec.SpecParser;
import io.driftless.api.spec.SpecWriter;
import io.driftless.api.spec.StackSpec;

/** The spec file's schema, and a dry run of a file: what it would deploy, or every error in it. */
@Path("/api/v1")
@Tag(name = "Specs")
public class SpecResource {

    /** The schema's own media type (draft 2020-12); editors accept it as JSON. */
    static final String SCHEMA_JSON = "application/schema+json";

    /**
     * What a valid file would deploy.
     *
     * @param services each service as it would run, with what it waits for
     * @param exposed  the service behind the environment's URLs
     * @param hooks    the hooks in the order they run
     * @param secrets  the repository secrets it refers to (a fork's revision gets none of them)
     * @param spec     the file as Driftless reads it, written back out
     */
    public record Validated(Map<String, StackSpec.ServiceSpec> services, String exposed, List<StackSpec.Hook> hooks,
            List<String> secrets, String spec) {
    }

    @GET
    @Path("/schemas/driftless.schema.json")
    @Produces(SCHEMA_JSON)
    @PermitAll
    @Operation(summary = "The JSON Schema of driftless.yaml",
            description = "Open to anyone, so editors (yaml-language-server: `# yaml-language-server: $schema=<url>`) "
                    + "can fetch it.")
    public String schema() {
        return SpecParser.schema();
    }

    @POST
    @Path("/specs/validate")
    @Consumes({ "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN })
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Role.BOT, Role.REVIEWER, Role.ADMIN })
    @Operation(summary = "Check a driftless.yaml without deploying it",
            description = "200 with what would be deployed, or 400 problem+json whose errors each have path, line, "
                    + "column and message. Files over 256 KiB are refused; nothing is written.")
    public Response validate(byte[] body) {
        SpecParser.Parsed parsed = SpecParser.parseYaml(new String(body, StandardCharsets.UTF_8));
        if (!parsed.errors().isEmpty()) {
            throw new InvalidSpecProblem("The spec is not valid: see errors.", parsed.errors());
        }
        StackSpec stack = parsed.stack();
        return Response.ok(new Validated(stack.services(), stack.exposed().name(), stack.hookList(),
                List.copyOf(stack.secretNames()), SpecWriter.yaml(stack))).build();
    }
}
