package io.driftless.api.rest;

import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail. {@code errors} names each offending field with its message, so a bot
 * can fix all of them in one go.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {
    }

    public static Response response(Response.Status status, String detail, List<FieldError> errors) {
        Problem body = new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail,
                errors == null || errors.isEmpty() ? null : errors);
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(body).build();
    }

    public static Response invalid(List<FieldError> errors) {
        return response(Response.Status.BAD_REQUEST, "The request is not valid: see errors.", errors);
    }
}
