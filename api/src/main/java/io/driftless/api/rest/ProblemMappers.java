package io.driftless.api.rest;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.driftless.api.rest.Problem.FieldError;
import io.driftless.api.security.ForbiddenProblem;
import io.driftless.api.service.ConflictProblem;
import io.driftless.api.service.InvalidSpecProblem;
import io.driftless.api.service.DatabaseErrors;
import io.driftless.api.service.NotFoundProblem;
import io.driftless.api.spec.SpecError;

/** Every error of the API answers {@code application/problem+json}. */
public class ProblemMappers {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .collect(Collectors.toList());
        return Problem.invalid(errors);
    }

    /** A body that parses but does not fit: a wrong type, an unknown field. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        if (e.getPath().isEmpty()) {
            return Problem.response(Response.Status.BAD_REQUEST,
                    "The body does not fit the request: " + e.getOriginalMessage(), null);
        }
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        String message = e instanceof UnrecognizedPropertyException
                ? "is not a known field"
                : "has the wrong type: " + e.getOriginalMessage();
        return Problem.invalid(List.of(new FieldError(field, message)));
    }

    /**
     * Errors raised by the REST layer itself (a body that is not JSON, an unsupported media type, an
     * unknown route) answer problem+json under /api; pages keep their own responses.
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (!uri.getPath().startsWith("/api/")) {
            return e.getResponse();
        }
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        if (status == null) {
            status = Response.Status.INTERNAL_SERVER_ERROR;
        }
        String detail = e.getCause() instanceof JsonProcessingException json
                ? "The body is not valid JSON: " + json.getOriginalMessage()
                : e.getMessage();
        return Problem.response(status, detail, null);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundProblem e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenProblem e) {
        return Problem.response(Response.Status.FORBIDDEN, e.getMessage(), null);
    }

    /** A role check refused the caller (an anonymous caller never gets this far under /api). */
    @ServerExceptionMapper
    public Response roleRefused(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        if (!uri.getPath().startsWith("/api/")) {
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        return Problem.response(Response.Status.FORBIDDEN, "This needs another role than the caller's.", null);
    }

    /** A spec that cannot be deployed: each error with its path, and its line and column when it had them. */
    @ServerExceptionMapper
    public Response invalidSpec(InvalidSpecProblem e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.valueOf(Problem.MEDIA_TYPE))
                .entity(new SpecProblem("about:blank", Response.Status.BAD_REQUEST.getReasonPhrase(), 400,
                        e.getMessage(), e.errors()))
                .build();
    }

    /** {@link Problem} with errors that say where in the file. */
    public record SpecProblem(String type, String title, int status, String detail, List<SpecError> errors) {
    }

    /** A policy, a user (or a field of them) that cannot be taken: each field named; nothing changed. */
    @ServerExceptionMapper
    public Response invalidFields(io.driftless.api.service.InvalidFieldsProblem e) {
        return Problem.response(Response.Status.BAD_REQUEST, e.getMessage(), e.errors().stream()
                .map(f -> new FieldError(f.field(), f.message())).toList());
    }

    /** The environments that hold a full repository's places, with when each would expire. */
    public record Holder(java.util.UUID id, String name, String branch, Integer pullRequest,
            java.time.Instant lastActivity, java.time.Instant expiresAt, String expiry) {
    }

    /** {@link Problem} naming the environments that hold the places. */
    public record FullProblem(String type, String title, int status, String detail, List<Holder> environments) {
    }

    @ServerExceptionMapper
    public Response repositoryFull(io.driftless.api.policy.RepositoryFullProblem e) {
        List<Holder> holders = e.holders().stream().map(h -> new Holder(h.id(), h.name(), h.branch(),
                h.pullRequest(), h.lastActivity(), h.fate().expiresAt(), h.fate().explanation())).toList();
        return Response.status(Response.Status.CONFLICT).type(MediaType.valueOf(Problem.MEDIA_TYPE))
                .entity(new FullProblem("about:blank", Response.Status.CONFLICT.getReasonPhrase(), 409, e.getMessage(),
                        holders))
                .build();
    }

    @ServerExceptionMapper
    public Response conflict(ConflictProblem e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage(), null);
    }

    /**
     * The database is away: 503 with Retry-After, and nothing was recorded (the transaction rolled back),
     * so the caller can simply ask again.
     */
    @ServerExceptionMapper
    public Response persistence(jakarta.persistence.PersistenceException e) {
        if (DatabaseErrors.isUnreachable(e)) {
            return unavailable();
        }
        LOG.error("database error", e);
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR, "An unexpected database error.", null);
    }

    /** The same, when the transaction could not even begin. */
    @ServerExceptionMapper
    public Response transaction(jakarta.transaction.TransactionalException e) {
        if (DatabaseErrors.isUnreachable(e)) {
            return unavailable();
        }
        LOG.error("transaction error", e);
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR, "An unexpected transaction error.", null);
    }

    private static Response unavailable() {
        Response problem = Problem.response(Response.Status.SERVICE_UNAVAILABLE,
                "The database is not reachable right now; nothing was recorded. Try again shortly.", null);
        return Response.fromResponse(problem).header("Retry-After", "5").build();
    }

    /** The last named node of the path: the request field, or the query parameter. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String field = "body";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == jakarta.validation.ElementKind.PROPERTY
                    || node.getKind() == jakarta.validation.ElementKind.PARAMETER) {
                field = node.getName();
            }
        }
        return field;
    }
}
