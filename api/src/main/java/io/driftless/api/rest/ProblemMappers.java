package io.driftless.api.rest;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.driftless.api.rest.Problem.FieldError;
import io.driftless.api.service.ConflictProblem;
import io.driftless.api.service.NotFoundProblem;

/** Every error of the API answers {@code application/problem+json}. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .collect(Collectors.toList());
        return Problem.invalid(errors);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return Problem.response(Response.Status.BAD_REQUEST,
                    "The body is not valid JSON: " + e.getOriginalMessage(), null);
        }
        String field = mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        String message = e instanceof UnrecognizedPropertyException
                ? "is not a known field"
                : "has the wrong type: " + e.getOriginalMessage();
        return Problem.invalid(List.of(new FieldError(field, message)));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundProblem e) {
        return Problem.response(Response.Status.NOT_FOUND, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictProblem e) {
        return Problem.response(Response.Status.CONFLICT, e.getMessage(), null);
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
